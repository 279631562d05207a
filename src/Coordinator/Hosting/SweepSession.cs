using System.Diagnostics;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>Follows a submitted sweep to its end on a grid, showing progress, then writes its report.</summary>
public static class SweepSession
{
    /// <summary>Where a sweep's report goes: outputs/&lt;task&gt;/&lt;dataset&gt;/&lt;sweep id&gt;/, as the seed lays out its outputs.</summary>
    public static string OutputFolder(SweepDefinition sweep, RunSettings run) =>
        Path.Combine(run.OutputRoot, sweep.Task, sweep.Dataset, sweep.SweepId);

    /// <summary>Waits until every job of the sweep succeeded or failed; false when cancelled first.</summary>
    public static async Task<bool> Follow(EmbeddedGrid grid, SweepDefinition sweep, TextWriter output, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        var lastPrint = TimeSpan.FromDays(-1);
        var lastDone = -1;
        int? startDone = null;
        while (true)
        {
            SweepProgress progress;
            try
            {
                // Cancellable: a signal may stop the actor system while a query is in flight (seen once under load).
                progress = await grid.Progress(sweep.SweepId, cancellation) ?? throw new InvalidOperationException($"the coordinator lost sweep {sweep.SweepId}");
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                if (interactive)
                {
                    output.WriteLine();
                }
                return false;
            }
            var done = progress.Succeeded + progress.Failed;
            startDone ??= done;
            // A terminal gets a live line; a log gets a line when something finished, at most once a second.
            var due = clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(interactive ? 1 : 30) ||
                      (done != lastDone && clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(1));
            if (progress.Finished || due)
            {
                lastDone = done;
                var line = Describe(progress, done - startDone.Value, clock.Elapsed);
                if (interactive)
                {
                    output.Write($"\r{line,-110}");
                }
                else
                {
                    output.WriteLine(line);
                }
                lastPrint = clock.Elapsed;
            }
            if (progress.Finished)
            {
                if (interactive)
                {
                    output.WriteLine();
                }
                return true;
            }
            try
            {
                await Task.Delay(200, cancellation);
            }
            catch (OperationCanceledException)
            {
                if (interactive)
                {
                    output.WriteLine();
                }
                return false;
            }
        }
    }

    private static string Describe(SweepProgress p, int doneHere, TimeSpan elapsed)
    {
        var rate = doneHere / Math.Max(elapsed.TotalSeconds, 1e-3);
        var remaining = p.Total - p.Succeeded - p.Failed;
        var eta = rate > 0 ? TimeSpan.FromSeconds(remaining / rate).ToString(@"hh\:mm\:ss") : "--:--:--";
        var hosts = string.Join(" ", p.SucceededPerHost.OrderBy(h => h.Key).Select(h => $"{h.Key}:{h.Value}"));
        return $"[{p.Succeeded + p.Failed}/{p.Total}] {p.Succeeded} done, {p.Failed} failed, {p.Running} running, {p.Pending} pending | {rate:0.00} jobs/s | ETA {eta} | {hosts}";
    }

    /// <summary>
    /// Writes results.csv, results.json and summary.md for the sweep, all three or none (see <see cref="Commands.StagedOutput"/>):
    /// a crash or a cancellation while writing leaves the previous report, never half of a new one. Returns the folder.
    /// </summary>
    public static string WriteReport(LedgerSnapshot ledger, SweepDefinition sweep, RunSettings run, CancellationToken cancellation = default)
    {
        var folder = OutputFolder(sweep, run);
        var table = ResultsTable.From(ledger, sweep.SweepId);
        Commands.StagedOutput.Commit(folder,
        [
            ("results.csv", path => File.WriteAllText(path, table.ToCsv())),
            ("results.json", path => File.WriteAllText(path, table.ToJson())),
            ("summary.md", path => File.WriteAllText(path, SweepSummary.ToMarkdown(table, $"{sweep.Name}: {sweep.Task} on {sweep.Dataset}"))),
        ], cancellation);
        return folder;
    }
}
