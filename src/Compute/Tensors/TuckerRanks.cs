using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Compute.Tensors;

/// <summary>Tucker's per-mode ranks as model parameters: rank_0, rank_1, rank_2; 0 (the default) takes the options' Rank.</summary>
public static class TuckerRanks
{
    public static readonly IReadOnlyList<ModelParameter> Parameters =
    [
        new("rank_0", 0, "rank of mode 0 (0: algorithm.rank)", 0, 100_000),
        new("rank_1", 0, "rank of mode 1 (0: algorithm.rank)", 0, 100_000),
        new("rank_2", 0, "rank of mode 2 (0: algorithm.rank)", 0, 100_000),
    ];

    public static IReadOnlyList<int> From(NmfOptions options) => Parameters.Select(p =>
    {
        var value = p.ValueIn(options);
        if (value != Math.Floor(value)) throw new ArgumentException($"{p.Name} must be a whole number, got {value}");
        return value == 0 ? options.Rank : (int)value;
    }).ToArray();
}
