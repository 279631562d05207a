using System.Diagnostics;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>Follows a submitted sweep to its end on a grid, showing progress, then writes its report.</summary>
public static class SweepSession
{
    /// <summary>Where a sweep's report goes: outputs/&lt;task&gt;/&lt;dataset&gt;/&lt;sweep id&gt;/, as the seed lays out its outputs
    /// (several tasks or datasets: their names joined by '+', see <see cref="SweepSubject"/>).</summary>
    public static string OutputFolder(SweepDefinition sweep, RunSettings run) =>
        Path.Combine(run.OutputRoot, sweep.Task, sweep.Dataset, sweep.SweepId);

    /// <summary>
    /// Waits until every job of the sweep succeeded or failed; false when cancelled first. <paramref name="lastJobsRunning"/>
    /// is called once, when no job is left pending but some still run and fewer of them than <paramref name="cores"/> (the
    /// grid's last jobs, and a core idle: work started then does not take a core from a job).
    /// </summary>
    public static Task<bool> Follow(IGridClient grid, SweepDefinition sweep, TextWriter output, CancellationToken cancellation,
                                    Action? lastJobsRunning = null, int cores = int.MaxValue) =>
        Follow(grid, sweep, ProgressDisplay.For(output, sweep), cancellation, lastJobsRunning, cores);

    /// <summary>Polls the coordinator and feeds each snapshot to <paramref name="display"/> until the sweep is finished or cancelled.</summary>
    public static Task<bool> Follow(IGridClient grid, SweepDefinition sweep, IProgressDisplay display, CancellationToken cancellation,
                                    Action? lastJobsRunning = null, int cores = int.MaxValue) =>
        display.Run(async () =>
        {
            var headlines = Headlines(sweep);
            var metrics = headlines.Select(h => h.Metric).ToArray();
            var clock = Stopwatch.StartNew();
            SweepProgress? first = null;
            while (true)
            {
                SweepProgress progress;
                try
                {
                    // Cancellable: a signal may stop the actor system while a query is in flight (seen once under load).
                    progress = await grid.Progress(sweep.SweepId, metrics, cancellation) ?? throw new InvalidOperationException($"the coordinator lost sweep {sweep.SweepId}");
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    return false;
                }
                first ??= progress;
                display.Update(ProgressReading.From(first, progress, clock.Elapsed, headlines), final: progress.Finished);
                if (progress.Finished)
                {
                    return true;
                }
                if (progress.Pending == 0 && progress.Running < cores && lastJobsRunning is { } call)
                {
                    lastJobsRunning = null;
                    call();
                }
                try
                {
                    await Task.Delay(grid.ProgressPoll, cancellation);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        });

    /// <summary>The headline metric of each task the sweep runs that this build knows, in the sweep's order.</summary>
    public static IReadOnlyList<Headline> Headlines(SweepDefinition sweep) =>
        SweepSubject.Of(sweep).Pairs.Select(p => p.Task).Distinct()
            .Where(task => TaskRegistry.Names.Contains(task, StringComparer.Ordinal))
            .Select(task => TaskRegistry.Get(task).Headline).Distinct().ToArray();

    /// <summary>
    /// Writes results.csv, results.json and summary.md for the sweep, all three or none (see <see cref="StagedOutput"/>):
    /// a crash or a cancellation while writing leaves the previous report, never half of a new one; then the PNG plots,
    /// after <paramref name="plotWarmUp"/> (<see cref="PlotWarmUp"/>) has ended, so the two never draw at once.
    /// </summary>
    public static SweepReport WriteReport(LedgerSnapshot ledger, SweepDefinition sweep, RunSettings run, CancellationToken cancellation = default,
                                          Task? plotWarmUp = null)
    {
        var folder = OutputFolder(sweep, run);
        var table = ResultsTable.From(ledger, sweep.SweepId);
        StagedOutput.Commit(folder,
        [
            ("results.csv", path => File.WriteAllText(path, table.ToCsv())),
            ("results.json", path => File.WriteAllText(path, table.ToJson())),
            ("summary.md", path => File.WriteAllText(path, SweepSummary.ToMarkdown(table, $"{sweep.Name}: {SweepSubject.Of(sweep)}", ReportSettings.Of(sweep)))),
        ], cancellation);
        var jobs = sweep.Jobs.Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);
        var results = ledger.Jobs.Where(j => j.Result is not null && jobs.Contains(j.Spec.JobId))
            .ToDictionary(j => j.Spec.JobId, j => j.Result!, StringComparer.Ordinal);
        plotWarmUp?.Wait(cancellation);
        var plots = SweepPlots.Write(table, results, folder);
        return new SweepReport(Path.GetFullPath(folder), ["results.csv", "results.json", "summary.md", .. plots.Select(Path.GetFileName)!]);
    }
}
