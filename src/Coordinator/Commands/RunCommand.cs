using System.CommandLine;
using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid run CONFIG [overrides…] [-m]`: plans the sweep, checks every configuration, runs every
/// (configuration × track) job on the embedded grid, and writes the report. Running the same sweep again reuses
/// the results already in the database. Ctrl-C (SIGINT) or SIGTERM stops it cleanly with exit code 130 or 143 and
/// no report; `nmfgrid resume` continues it.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "Benchmark config (YAML), e.g. benchmarks/demo.yaml." };
        var overrides = new Argument<string[]>("overrides") { Description = "Hydra-style overrides: key=value, +key=value, ~key, group=option, a=1,2 (with -m).", Arity = ArgumentArity.ZeroOrMore };
        var multirun = new Option<bool>("--multirun", "-m") { Description = "Expand sweeps (a=1,2, range(), choice(), zip()) into one configuration each." };
        var plan = new Option<bool>("--plan") { Description = "Print the planned configurations and job count, then stop." };
        var command = new Command("run", "Run a benchmark sweep on the embedded grid and write its report.") { config, overrides, multirun, plan };
        command.SetAction((parse, cancellation) => Run(
            parse.GetValue(config)!, parse.GetValue(overrides) ?? [], parse.GetValue(multirun), parse.GetValue(plan),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation));
        return command;
    }

    public static async Task<int> Run(string configPath, IReadOnlyList<string> overrides, bool multirun, bool planOnly,
                                      TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        SweepBuilder.Plan plan;
        try
        {
            var points = SweepPlanner.Plan(configPath, overrides, multirun, DateTimeOffset.Now);
            var name = Path.GetFileNameWithoutExtension(configPath) + (overrides.Count > 0 ? " " + string.Join(" ", overrides) : "");
            plan = SweepBuilder.Build(name, points, prepareDatasets: !planOnly);
            foreach (var warning in plan.Warnings)
            {
                error.WriteLine($"warning: {warning}");
            }
            output.WriteLine($"Sweep {plan.Sweep.SweepId}: {points.Count} configuration(s) × tracks = {plan.Sweep.Jobs.Count} jobs ({plan.Sweep.Task} on {plan.Sweep.Dataset}).");
            if (planOnly)
            {
                foreach (var point in points)
                {
                    output.WriteLine($"  {point.Index}: {point.Label}  [{point.Id}]");
                }
                return 0;
            }
        }
        catch (Exception e) when (e is ConfigException or TaskSettingsException)
        {
            error.WriteLine($"run: {e.Message}");
            return 2;
        }
        return await Execute(plan.Sweep, plan.Run, submit: true, output, error, cancellation);
    }

    /// <summary>Starts the grid, submits (or just follows) the sweep, and writes its report at the end.</summary>
    internal static async Task<int> Execute(Messages.SweepDefinition sweep, RunSettings run, bool submit,
                                            TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        using var signals = new SignalCancellation(cancellation);
        await using var grid = await EmbeddedGrid.Start(run);
        output.WriteLine($"Grid: {run.Workers} worker(s), BLAS {grid.Blas.Name} × {grid.Blas.Threads} thread(s), database {Path.GetFullPath(run.Database)}");
        if (submit)
        {
            var accepted = await grid.Submit(sweep);
            if (accepted.AlreadyDone > 0)
            {
                output.WriteLine($"Reusing {accepted.AlreadyDone} of {accepted.Jobs} jobs finished by an earlier run.");
            }
        }
        var finished = await SweepSession.Follow(grid, sweep, output, signals.Token);
        if (!finished)
        {
            // No report for an unfinished sweep: a results.csv must never look complete when it is not. Jobs that
            // were running go back to the queue when the sweep resumes; `nmfgrid report` shows the partial state.
            output.WriteLine($"Stopped; no report written. Continue with: nmfgrid resume {sweep.SweepId} --database {run.Database}");
            return signals.ExitCode;
        }
        var ledger = await grid.Ledger();
        string folder;
        try
        {
            folder = SweepSession.WriteReport(ledger, sweep, run, signals.Token);
        }
        catch (OperationCanceledException)
        {
            output.WriteLine($"Stopped while writing the report; none written. Rebuild it with: nmfgrid report {sweep.SweepId} --database {run.Database}");
            return signals.ExitCode;
        }
        output.WriteLine();
        output.Write(File.ReadAllText(Path.Combine(folder, "summary.md")));
        output.WriteLine();
        output.WriteLine($"Report: {Path.GetFullPath(folder)} (results.csv, results.json, summary.md)");
        return 0;
    }
}
