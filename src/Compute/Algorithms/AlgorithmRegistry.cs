using System.Collections.Concurrent;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// NMF solvers by name, as configs and the command line select them. A new solver is one file plus one registration:
/// a line below for a built-in one, or <see cref="Register"/> from outside (a test assembly does that). Its name then
/// selects it in a config with no preset file (`algorithm=&lt;name&gt;`), its <see cref="ModelParameter"/>s are keys of
/// the algorithm section, and docs/algorithms.md lists it (a test keeps the page in step with this registry).
/// </summary>
public static class AlgorithmRegistry
{
    // Concurrent: an algorithm may be registered while workers look solvers up.
    private static readonly ConcurrentDictionary<string, INmfAlgorithm> Algorithms = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>
    /// Makes <paramref name="algorithm"/> selectable by its Name. Registering the same type again is a no-op; a name
    /// another type already has is refused, naming both.
    /// </summary>
    public static void Register(INmfAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var registered = Algorithms.GetOrAdd(algorithm.Name, algorithm);
        if (registered.GetType() != algorithm.GetType())
            throw new ArgumentException(
                $"Algorithm name '{algorithm.Name}' ({algorithm.GetType().FullName}) is taken by {registered.GetType().FullName}; give it another Name.",
                nameof(algorithm));
    }

    public static INmfAlgorithm Get(string name) =>
        Algorithms.TryGetValue(name, out var algorithm)
            ? algorithm
            : throw new ArgumentException(
                $"Unknown NMF algorithm '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
