using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Tests.Commands;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// The sweep the chaos runs disturb: reconstruction on synthetic tracks × 2 ranks (<see cref="TinyBenchmark"/>), one
/// worker, jobs of a fraction of a second to a second each, so kills land mid-sweep whatever the machine's speed (the
/// driver waits for progress points, never for time). Enough tracks that every kill falls in the first 70 % of it.
/// </summary>
internal sealed class ChaosSweep(string root, int kills)
{
    public int Tracks { get; } = Math.Max(8, kills);

    public int Jobs => 2 * Tracks;

    public string Root => root;

    /// <summary>bench.yaml with its journal and results table at <c>root/database</c> (SQLite, for the embedded grid).</summary>
    public string Write(string database) => TinyBenchmark.Write(root, database, tracks: Tracks, maxIter: 60, workers: 1, nFft: 1024, hop: 128);

    /// <summary>The rows of the same sweep run undisturbed, in this process on the embedded grid.</summary>
    public async Task<IReadOnlyList<ResultRow>> Undisturbed()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(Write("undisturbed.db"), [], multirun: true, planOnly: false, output, error, CancellationToken.None);
        if (code != 0) throw new InvalidOperationException($"the undisturbed run exited {code}:\n{error}{output}");
        Directory.Delete(Path.Combine(root, "outputs"), recursive: true);
        return ResultsStore.Open(GridPersistenceOptions.Sqlite(Path.Combine(root, "undisturbed.db"))).Rows();
    }
}
