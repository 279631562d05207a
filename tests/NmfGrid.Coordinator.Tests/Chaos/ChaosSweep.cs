using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Tests.Commands;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// The sweep the chaos runs disturb, shared by the chaos tests (one folder, one synthetic corpus, one undisturbed
/// run): reconstruction on synthetic tracks × 2 ranks (<see cref="TinyBenchmark"/>), one worker, jobs of a fraction
/// of a second to a second each, so kills land mid-sweep whatever the machine's speed (the drivers wait for progress
/// points, never for time). <see cref="JobsPerKill"/> jobs per kill (16 at least): the kills' progress points fall in the first 70 % of
/// them, and each kill may let the sweep move on by a few jobs beyond its point (a coordinator replaced takes ~15 s) without running out of work.
/// </summary>
public sealed class ChaosSweep : IDisposable
{
    private readonly Lazy<Task<IReadOnlyList<ResultRow>>> _undisturbed;

    public ChaosSweep()
    {
        _undisturbed = new Lazy<Task<IReadOnlyList<ResultRow>>>(RunUndisturbed);
    }

    /// <summary>NMFGRID_CHAOS_KILLS when set (bench/run-chaos.sh), else the CI test's default for that mode.</summary>
    public static int Kills(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("NMFGRID_CHAOS_KILLS"), out var n) && n > 0 ? n : ciDefault;

    /// <summary>The most kills any chaos test makes: the CI defaults are 2 (embedded) and 3 (cluster).</summary>
    public static int MostKills => Kills(3);

    public string Root { get; } = Directory.CreateTempSubdirectory("nmfgrid-chaos-").FullName;

    /// <summary>
    /// Jobs per kill (NMFGRID_CHAOS_JOBS_PER_KILL, default 6). A cluster keeps working while the chaos driver waits for a
    /// killed member's removal (~12 s), so a long cluster run needs many more (bench/run-chaos.sh gives 30).
    /// </summary>
    public static int JobsPerKill => int.TryParse(Environment.GetEnvironmentVariable("NMFGRID_CHAOS_JOBS_PER_KILL"), out var n) && n >= 2 ? n : 6;

    public int Tracks => Math.Max(8, JobsPerKill * MostKills / 2);

    public int Jobs => 2 * Tracks;

    /// <summary>bench.yaml with its journal and results at <c>Root/database</c> (SQLite, for the embedded grid).</summary>
    public string Write(string database) => TinyBenchmark.Write(Root, database, tracks: Tracks, maxIter: 60, workers: 1, nFft: 1024, hop: 128);

    /// <summary>The rows of the same sweep run undisturbed, in this process on the embedded grid (once).</summary>
    public Task<IReadOnlyList<ResultRow>> Undisturbed() => _undisturbed.Value;

    private async Task<IReadOnlyList<ResultRow>> RunUndisturbed()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(Write("undisturbed.db"), [], multirun: true, planOnly: false, output, error, CancellationToken.None);
        if (code != 0) throw new InvalidOperationException($"the undisturbed run exited {code}:\n{error}{output}");
        Directory.Delete(Path.Combine(Root, "outputs"), recursive: true);
        return ResultsStore.Open(GridPersistenceOptions.Sqlite(Path.Combine(Root, "undisturbed.db"))).Rows();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
