using System.CommandLine;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid report SWEEP`: rebuilds results.csv, results.json, summary.md and the plots from the database, and
/// the results table (read model) from the event log.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep") { Description = "Sweep id (or a unique prefix)." };
        var database = ResumeCommand.DatabaseOption();
        var command = new Command("report", "Rebuild a sweep's report from its database.") { sweep, database };
        command.SetAction(async parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(database)!;
            if (!File.Exists(path))
            {
                error.WriteLine($"report: no sweep database at '{path}'");
                return 2;
            }
            var ledger = await StoredSweeps.Ledger(path, rebuildResults: true);
            var definition = ledger.Sweeps.FirstOrDefault(s => s.SweepId.StartsWith(parse.GetValue(sweep)!, StringComparison.Ordinal));
            if (definition is null)
            {
                error.WriteLine($"report: no sweep '{parse.GetValue(sweep)}' in '{path}'");
                return 2;
            }
            var run = RunSettings.From(JobConfig.FromJson(definition.Jobs[0].ConfigJson).Run);
            var report = SweepSession.WriteReport(ledger, definition, run);
            RunCommand.WriteReportPaths(parse.InvocationConfiguration.Output, report);
            return 0;
        });
        return command;
    }
}
