using System.Text.Json;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// result.json of `nmfgrid nmf` on a 3-D input: the options, the model ("cp" or "tucker"), the rank of each mode, the files
/// written (A0.npy, A1.npy, A2.npy, and core.npy for Tucker) and the run's outcome. Keys are snake_case, as for matrices.
/// </summary>
internal sealed record TensorRunSummary(
    string Algorithm,
    string Model,
    string Init,
    int Rank,
    IReadOnlyList<int> Ranks,
    double Beta,
    int MaxIter,
    double Tol,
    int Seed,
    IReadOnlyDictionary<string, double> Parameters,
    string Input,
    IReadOnlyList<int> Shape,
    IReadOnlyList<string> Factors,
    string? Core,
    int Iterations,
    bool Converged,
    double Loss,
    IReadOnlyList<LossRecord> LossHistory,
    string Backend,
    int Threads,
    double Seconds)
{
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, NmfRunSummary.Json) + "\n");
}
