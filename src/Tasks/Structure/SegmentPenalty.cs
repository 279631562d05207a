namespace NmfGrid.Tasks.Structure;

/// <summary>
/// The regularity penalties of CBM (as_seg penalty_cost_from_arg; mir-tasks §4.4): a cost per segment length p in bars
/// that favours the lengths pop music favours (8 bars, then multiples of 4 and 2).
/// </summary>
public static class SegmentPenalty
{
    public static readonly IReadOnlyList<string> Names =
        ["modulo8", "modulo4", "modulo8modulo4", "target_deviation_8_alpha_half", "target_deviation_8_alpha_one", "target_deviation_8_alpha_two"];

    /// <summary>The penalty function called <paramref name="name"/> (case-insensitive).</summary>
    public static Func<int, double> Get(string name) => name.Trim().ToLowerInvariant() switch
    {
        "modulo8" => Modulo8,
        "modulo4" => Modulo4,
        "modulo8modulo4" => Modulo8Modulo4,
        "target_deviation_8_alpha_half" => p => TargetDeviation8(p, 0.5),
        "target_deviation_8_alpha_one" => p => TargetDeviation8(p, 1),
        "target_deviation_8_alpha_two" => p => TargetDeviation8(p, 2),
        _ => throw new ArgumentException($"Unknown penalty function '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>p = 8 → 0; p ≡ 0 mod 4 → ¼; p ≡ 0 mod 2 → ½; else 1.</summary>
    public static double Modulo8(int p) => p == 8 ? 0 : p % 4 == 0 ? 0.25 : p % 2 == 0 ? 0.5 : 1;

    /// <summary>p ≡ 0 mod 4 → 0; p ≡ 0 mod 2 → ½; else 1.</summary>
    public static double Modulo4(int p) => p % 4 == 0 ? 0 : p % 2 == 0 ? 0.5 : 1;

    /// <summary>p = 8 → 0; p = 4 → ¼; p ≡ 0 mod 2 → ½; else 1.</summary>
    public static double Modulo8Modulo4(int p) => p == 8 ? 0 : p == 4 ? 0.25 : p % 2 == 0 ? 0.5 : 1;

    /// <summary>|p − 8|^α.</summary>
    public static double TargetDeviation8(int p, double alpha) => Math.Pow(Math.Abs(p - 8), alpha);
}
