namespace NmfGrid.Compute.Algorithms;

/// <summary>NMF solvers by name, as configs and the command line select them. A new solver is one file plus one line here.</summary>
public static class AlgorithmRegistry
{
    private static readonly Dictionary<string, INmfAlgorithm> Algorithms = new(StringComparer.OrdinalIgnoreCase);

    static AlgorithmRegistry()
    {
        // Built-in solvers, one line each.
        Register(new MultiplicativeUpdate());
        Register(new Hals());
        Register(new CoordinateDescent());
        Register(new ConvolutiveNmf());
        Register(new SparseMultiplicativeUpdate());
        Register(new MinimumVolume());
        // Tensor models (3-way input; see Tensors/ITensorAlgorithm).
        Register(new Tensors.CpHals());
        Register(new Tensors.CpMultiplicativeUpdate());
        Register(new Tensors.TuckerHals());
        Register(new Tensors.TuckerMultiplicativeUpdate());
    }

    public static IReadOnlyCollection<string> Names => Algorithms.Keys.Order(StringComparer.Ordinal).ToArray();

    public static void Register(INmfAlgorithm algorithm) => Algorithms[algorithm.Name] = algorithm;

    public static INmfAlgorithm Get(string name) =>
        Algorithms.TryGetValue(name, out var algorithm)
            ? algorithm
            : throw new ArgumentException(
                $"Unknown NMF algorithm '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
