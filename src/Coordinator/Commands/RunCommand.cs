using System.CommandLine;
using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Web;
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
        var cluster = new Option<string>("--cluster")
        {
            Description = "Submit to a running grid cluster through this member, akka.tcp://nmfgrid@HOST:4053, instead of the embedded grid.",
        };
        var configDir = new Option<string[]>("--config-dir")
        {
            Description = "A folder holding config groups (algorithm/, task/, dataset/), searched after the config's own folder; repeatable. " +
                          "For a config kept outside benchmarks/: --config-dir benchmarks.",
            AllowMultipleArgumentsPerToken = false,
        };
        var insecure = ClusterOptionSet.InsecureOption();
        var serve = WebOptionSet.ServeOption();
        var serveBind = WebOptionSet.ServeBindOption();
        var command = new Command("run", "Run a benchmark sweep on the embedded grid (or a cluster) and write its report.")
        {
            config, overrides, multirun, plan, cluster, configDir, insecure, serve, serveBind,
        };
        command.SetAction((parse, cancellation) =>
        {
            WebSettings? web;
            try
            {
                web = WebOptionSet.ServeSettings(parse, serve, serveBind);
            }
            catch (WebSettingsException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"run: {e.Message}");
                return Task.FromResult(2);
            }
            return Run(
                parse.GetValue(config)!, parse.GetValue(overrides) ?? [], parse.GetValue(multirun), parse.GetValue(plan),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation, parse.GetValue(cluster),
                parse.GetValue(configDir), parse.GetValue(insecure), web);
        });
        return command;
    }

    /// <param name="web">With --serve: the results explorer runs beside the embedded grid until the sweep ends.</param>
    public static async Task<int> Run(string configPath, IReadOnlyList<string> overrides, bool multirun, bool planOnly,
                                      TextWriter output, TextWriter error, CancellationToken cancellation, string? cluster = null,
                                      IReadOnlyList<string>? configDirs = null, bool insecure = false, WebSettings? web = null)
    {
        if (web is not null && cluster is not null)
        {
            error.WriteLine("run: --serve with --cluster: the cluster's results table is served by `nmfgrid coordinator --serve` or `nmfgrid serve --postgres`");
            return 2;
        }
        if ((configDirs ?? []).FirstOrDefault(d => !Directory.Exists(d)) is { } absent)
        {
            error.WriteLine($"run: --config-dir '{absent}' does not exist");
            return 2;
        }
        ClusterSettings? clusterSettings = null;
        if (cluster is not null)
        {
            try
            {
                // The client listens on any free port; NMFGRID_HOST / NMFGRID_PUBLIC_HOST / NMFGRID_TLS_* apply.
                clusterSettings = ClusterSettings.FromEnvironment(null, null, 0, [cluster], 0, insecure: insecure);
                clusterSettings.CheckTransport(); // refused before the sweep is planned, not after (the client repeats it when it starts)
            }
            catch (ClusterSettingsException e)
            {
                error.WriteLine($"run: --cluster {e.Message}");
                return 2;
            }
        }
        SweepBuilder.Plan plan;
        try
        {
            var points = SweepPlanner.Plan(configPath, overrides, multirun, DateTimeOffset.Now, configDirs, RegisteredGroups.All);
            var name = Path.GetFileNameWithoutExtension(configPath) + (overrides.Count > 0 ? " " + string.Join(" ", overrides) : "");
            plan = SweepBuilder.Build(name, points, prepareDatasets: !planOnly);
            foreach (var warning in plan.Warnings)
            {
                error.WriteLine($"warning: {warning}");
            }
            foreach (var note in plan.Notes)
            {
                error.WriteLine($"note: {note}");
            }
            output.WriteLine($"Sweep {plan.Sweep.SweepId}: {Plural.Count(points.Count, "configuration")} × tracks = {Plural.Count(plan.Sweep.Jobs.Count, "job")} ({SweepSubject.Of(plan.Sweep)}).");
            if (planOnly)
            {
                foreach (var point in points)
                {
                    output.WriteLine($"  {point.Index}: {point.Label}  [{point.Id}]");
                }
                return 0;
            }
        }
        catch (Exception e) when (e is ConfigException or ConfigKeyException)
        {
            error.WriteLine($"run: {e.Message}");
            return 2;
        }
        return clusterSettings is null
            ? await Execute(plan.Sweep, plan.Run, submit: true, output, error, cancellation, web: web)
            : await ExecuteOnCluster(plan.Sweep, plan.Run, clusterSettings, output, error, cancellation);
    }

    /// <summary>
    /// Starts the grid, submits (or just follows) the sweep, and writes its report at the end. The database is
    /// claimed first (<see cref="SqliteDatabaseLock"/>): while another nmfgrid process writes it, this one stops with
    /// exit code 2 before it opens the database at all. <paramref name="databaseKey"/> is how the user named it.
    /// </summary>
    internal static async Task<int> Execute(Messages.SweepDefinition sweep, RunSettings run, bool submit,
                                            TextWriter output, TextWriter error, CancellationToken cancellation,
                                            string databaseKey = "run.database", WebSettings? web = null)
    {
        using var signals = new SignalCancellation(cancellation);
        SqliteDatabaseLock? claim = null;
        EmbeddedGrid started;
        try
        {
            claim = SqliteDatabaseLock.Claim(run.Database, databaseKey);
            started = await EmbeddedGrid.Start(run, projectorLater: true);
        }
        catch (GridDatabaseException e)
        {
            claim?.Dispose();
            error.WriteLine($"{(submit ? "run" : "resume")}: {e.Message}");
            return 2;
        }
        using var held = claim; // let go after the grid has stopped (disposed in reverse order)
        await using var grid = started;
        output.WriteLine($"Grid: {Plural.Count(run.Workers, "worker")}, BLAS {grid.Blas.Name} × {Plural.Count(grid.Blas.Threads, "thread")}, database {Path.GetFullPath(run.Database)}");
        ResultsWebServer? explorer = null;
        if (web is not null)
        {
            try
            {
                // The pages read the table the grid's results projector writes (same file, its own connections).
                explorer = await ResultsWebServer.Start(web, ResultsStore.Open(GridPersistenceOptions.Sqlite(Path.GetFullPath(run.Database))), grid: grid);
            }
            catch (Exception e) when (e is WebSettingsException or GridDatabaseException)
            {
                error.WriteLine($"{(submit ? "run" : "resume")}: --serve {e.Message}");
                return 2;
            }
            explorer.Announce(output);
        }
        await using var pages = explorer; // stops before the grid (reverse order)
        if (submit)
        {
            var accepted = await grid.Submit(sweep);
            if (accepted.AlreadyDone > 0)
            {
                output.WriteLine($"Reusing {accepted.AlreadyDone} of {Plural.Count(accepted.Jobs, "job")} finished by an earlier run.");
            }
        }
        // Only now, the sweep in the log: the projector's start would otherwise delay the first lease (it replays the whole log, so nothing is missed).
        grid.StartResults();
        // While the last jobs run and a core is idle, the plots' libraries are loaded and compiled: the report then draws
        // warm. Not before a core is idle: started as the last jobs were leased, the warm-up took 0.1–0.15 s of CPU from
        // each of the two last jobs' NMF stages (docs/performance.md, "Structure NMF").
        Task? plotting = null;
        var finished = await SweepSession.Follow(grid, sweep, output, signals.Token, lastJobsRunning: () => plotting = PlotWarmUp.Start(),
                                                 cores: Environment.ProcessorCount);
        if (!finished)
        {
            // No report for an unfinished sweep: a results.csv must never look complete when it is not. Jobs that
            // were running go back to the queue when the sweep resumes; `nmfgrid report` shows the partial state.
            output.WriteLine($"Stopped; no report written. Continue with: nmfgrid resume {sweep.SweepId} --database {run.Database}");
            return signals.ExitCode;
        }
        var ledger = await grid.Ledger();
        Reports.SweepReport report;
        try
        {
            report = SweepSession.WriteReport(ledger, sweep, run, signals.Token, plotting);
        }
        catch (OperationCanceledException)
        {
            output.WriteLine($"Stopped while writing the report; none written. Rebuild it with: nmfgrid report {sweep.SweepId} --database {run.Database}");
            return signals.ExitCode;
        }
        return Finish(report, output);
    }

    /// <summary>
    /// Joins the cluster as a short-lived "client" member, submits the sweep to the coordinator singleton,
    /// follows it with the same output as the embedded run, reads the results back page by page and writes
    /// the same report here. The sweep belongs to the cluster: stopping this command does not stop it.
    /// </summary>
    internal static async Task<int> ExecuteOnCluster(Messages.SweepDefinition sweep, RunSettings run, ClusterSettings cluster,
                                                     TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        using var signals = new SignalCancellation(cancellation);
        try
        {
            var parts = ClusterGridClient.Parts(sweep); // a job too large for any message fails here, before joining
            await using var client = await ClusterGridClient.Start(cluster);
            await client.WaitUntilUp(JoinTimeout, signals.Token);
            var status = await client.Status();
            output.WriteLine($"Grid: cluster via {cluster.Seeds[0]}, {Plural.Count(status.Workers.Count, "worker")} registered on " +
                             Plural.Count(status.Workers.Select(w => w.Host).Distinct().Count(), "node"));
            var accepted = await client.Submit(parts);
            if (accepted.AlreadyDone > 0)
            {
                output.WriteLine($"Reusing {accepted.AlreadyDone} of {Plural.Count(accepted.Jobs, "job")} finished by an earlier run.");
            }
            var finished = await SweepSession.Follow(client, sweep, output, signals.Token);
            var ledger = await client.Results(sweep);
            var report = SweepSession.WriteReport(ledger, sweep, run);
            if (!finished)
            {
                output.WriteLine($"Stopped following. The sweep goes on in the cluster; partial report in {report.Folder}. " +
                                 $"Follow it again with the same command (finished jobs are reused), or nmfgrid status --cluster {cluster.Seeds[0]}.");
                return signals.ExitCode;
            }
            return Finish(report, output);
        }
        catch (ClusterSettingsException e)
        {
            error.WriteLine($"run: {e.Message}");
            return 2;
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            error.WriteLine($"run: the coordinator did not answer for 90 s (no coordinator member left in the cluster at {cluster.Seeds[0]}?). " +
                            "The sweep is in its journal: start a coordinator and run the same command again.");
            return 1;
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            return signals.ExitCode;
        }
    }

    /// <summary>How long a client waits to become a member before giving up (a wrong seed or certificate).</summary>
    internal static TimeSpan JoinTimeout { get; } = TimeSpan.FromSeconds(30);

    private static int Finish(Reports.SweepReport report, TextWriter output)
    {
        output.WriteLine();
        output.Write(File.ReadAllText(report.SummaryPath));
        output.WriteLine();
        WriteReportPaths(output, report);
        return 0;
    }

    /// <summary>The report folder, then each plot's path on its own line (terminals make them clickable).</summary>
    internal static void WriteReportPaths(TextWriter output, Reports.SweepReport report)
    {
        output.WriteLine($"Report: {report.Folder} (results.csv, results.json, summary.md)");
        foreach (var plot in report.Plots)
        {
            output.WriteLine($"Plot:   {plot}");
        }
    }
}
