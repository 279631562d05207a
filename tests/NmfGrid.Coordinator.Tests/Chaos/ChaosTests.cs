using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Tests.Cluster;
using Xunit.Abstractions;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// Processes killed with SIGKILL at random moments of a sweep (a seeded <see cref="ChaosSchedule"/>), then the checks
/// of <see cref="ChaosVerdict"/>. CI runs the short version: 5 kills in all, 2 of the embedded run and 3 in the cluster
/// (a node, the active coordinator, PostgreSQL); bench/run-chaos.sh runs the long one through the same tests with
/// NMFGRID_CHAOS_KILLS=20 (20 kills in each). NMFGRID_CHAOS_SEED replays a run; without it the seed is new
/// each time and is printed at the start, in every failure and in the summary. NMFGRID_CHAOS_REPORT names a file
/// the summary lines are appended to.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChaosTests(ChaosSweep sweep, ITestOutputHelper log) : IClassFixture<ChaosSweep>, IDisposable
{
    /// <summary>For any one thing awaited (a member up, the next result): generous, so a busy machine only makes it slower.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private readonly List<NmfgridProcesses> _processes = [];
    private string _transcript = "chaos";

    private static string? ReportFile => Environment.GetEnvironmentVariable("NMFGRID_CHAOS_REPORT") is { Length: > 0 } file ? Path.GetFullPath(file) : null;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("NMFGRID_CHAOS_SEED"), out var s) ? s : Random.Shared.Next(1, 1_000_000);

    public void Dispose()
    {
        foreach (var processes in _processes)
        {
            processes.Dispose();
            foreach (var line in processes.Lines) log.WriteLine(line.ToString());
            // With NMFGRID_CHAOS_REPORT (bench/run-chaos.sh), every process's output, pass or fail, beside the report.
            if (ReportFile is { } report) File.WriteAllText(Path.Combine(Path.GetDirectoryName(report)!, $"{_transcript}.log"), processes.Transcript());
        }
    }

    private NmfgridProcesses Processes()
    {
        var processes = new NmfgridProcesses(sweep.Root);
        _processes.Add(processes);
        return processes;
    }

    private void Report(string line)
    {
        log.WriteLine(line);
        Console.WriteLine(line);
        if (ReportFile is { } file) File.AppendAllText(file, line + "\n");
    }

    private async Task Judge(ChaosRun run, GridPersistenceOptions database, IReadOnlyList<ResultRow> undisturbed)
    {
        var problems = await ChaosVerdict.Problems(database, undisturbed);
        Report($"{run.Summary()}; {(problems.Count == 0 ? "pass" : $"FAIL ({problems.Count} problems)")}");
        Assert.True(problems.Count == 0, $"chaos seed {run.Schedule.Seed} (replay with NMFGRID_CHAOS_SEED={run.Schedule.Seed} NMFGRID_CHAOS_KILLS={run.Schedule.Kills.Count}): " +
                                         $"{string.Join("\n", problems)}\n{run.Schedule}");
        Assert.Equal(sweep.Jobs, undisturbed.Count);
    }

    [Fact]
    public async Task The_embedded_run_killed_at_random_moments_and_resumed_gives_each_job_once_with_the_undisturbed_results()
    {
        var schedule = ChaosSchedule.For(Seed, ChaosSweep.Kills(2), sweep.Jobs, [ChaosTarget.EmbeddedRun]);
        _transcript = $"chaos-embedded-{schedule.Seed}";
        Report($"embedded chaos: {schedule}");
        var undisturbed = await sweep.Undisturbed();
        var database = Path.Combine(sweep.Root, "chaos.db");
        var run = await new EmbeddedChaosDriver(Processes(), sweep.Write("chaos.db"), database, Patience).Run(schedule, sweep.Jobs);
        Assert.Equal(schedule.Kills.Count, run.Strikes.Count);
        await Judge(run, GridPersistenceOptions.Sqlite(database), undisturbed);
    }

    [PostgresServerFact]
    public async Task A_cluster_with_nodes_the_active_coordinator_and_PostgreSQL_killed_at_random_moments_gives_each_job_once_with_the_undisturbed_results()
    {
        var schedule = ChaosSchedule.For(Seed, ChaosSweep.Kills(3), sweep.Jobs, [ChaosTarget.Node, ChaosTarget.ActiveCoordinator, ChaosTarget.Postgres]);
        _transcript = $"chaos-cluster-{schedule.Seed}";
        Report($"cluster chaos: {schedule}");
        var undisturbed = await sweep.Undisturbed();
        using var postgres = await PostgresInstance.Start();
        var run = await new ClusterChaosDriver(Processes(), postgres, sweep.Root, sweep.Write("unused.db"), Patience).Run(schedule, sweep.Jobs);
        // A fast machine may finish the sweep while a killed member is replaced: later kills are then not made (reported).
        Report($"{run.Strikes.Count} of {schedule.Kills.Count} kills struck mid-sweep");
        Assert.InRange(run.Strikes.Count, 1, schedule.Kills.Count);
        await Judge(run, GridPersistenceOptions.Postgres(postgres.ConnectionString), undisturbed);
    }
}
