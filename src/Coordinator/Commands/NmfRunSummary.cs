using System.Text.Json;
using System.Text.Json.Serialization;

namespace NmfGrid.Coordinator.Commands;

/// <summary>One point of result.json's loss_history.</summary>
internal sealed record LossRecord(int Iteration, double Loss);

/// <summary>
/// result.json of `nmfgrid nmf`: the options the run used and what it produced. Keys are snake_case
/// (max_iter, loss_history, …) so Python reads them with the names scikit-learn users know.
/// </summary>
internal sealed record NmfRunSummary(
    string Algorithm,
    string Init,
    int Rank,
    double Beta,
    int MaxIter,
    double Tol,
    int Seed,
    string Dtype,
    double AlphaW,
    double AlphaH,
    double L1Ratio,
    bool FixW,
    bool FixH,
    string? Input,
    string? W0,
    string? H0,
    bool Demo,
    IReadOnlyList<int> Shape,
    int Iterations,
    bool Converged,
    double Loss,
    IReadOnlyList<LossRecord> LossHistory,
    string Backend,
    int Threads,
    double Seconds)
{
    /// <summary>How every result.json is written (matrix and tensor runs alike).</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // A diverged run's loss is NaN or ∞; record it rather than fail to write the result.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}
