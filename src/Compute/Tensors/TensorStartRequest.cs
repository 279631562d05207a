namespace NmfGrid.Compute.Tensors;

/// <summary>What a tensor initialisation may use: the seed, β, and which mode's entries are frequencies (for "harmonic").</summary>
public sealed record TensorStartRequest
{
    public int Seed { get; init; }

    public double Beta { get; init; } = 2.0;

    /// <summary>The mode whose indices are frequency bins, with each bin's centre in Hz; null when none is.</summary>
    public int? FrequencyMode { get; init; }

    public IReadOnlyList<double>? Frequencies { get; init; }
}
