namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>The names configs, the command line and NMFGRID_BLAS use for a <see cref="BlasBackend"/>.</summary>
public static class BlasBackendName
{
    private static readonly (string Name, BlasBackend Backend)[] Names =
        [("auto", BlasBackend.Auto), ("mkl", BlasBackend.Mkl), ("openblas", BlasBackend.OpenBlas), ("managed", BlasBackend.Managed)];

    /// <summary>"auto", "mkl", "openblas" or "managed", in any letter case.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    /// <exception cref="ArgumentException">the name is none of <see cref="All"/>.</exception>
    public static BlasBackend Parse(string name) =>
        TryParse(name, out var backend)
            ? backend
            : throw new ArgumentException(
                $"Unknown BLAS backend '{name}'. Known: {string.Join(", ", All)}.", nameof(name));

    public static bool TryParse(string? name, out BlasBackend backend)
    {
        foreach (var (known, value) in Names)
            if (string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                backend = value;
                return true;
            }
        backend = default;
        return false;
    }

    public static string ToName(this BlasBackend backend) =>
        Names.First(n => n.Backend == backend).Name;
}
