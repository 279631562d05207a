using System.CommandLine;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Node.Workers;
using NmfGrid.Tasks.External;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid node [--host] [--public-host] [--port 0] [--seed … | --discovery …] [--workers N] [--blas-threads M] [--blas B] [--cache-dir D] [--runner pipeline|noop]
/// [--prefetch P] [--hold-limit S]`:
/// a cluster member with role "worker" running N worker actors that pull jobs from the coordinator singleton.
/// Datasets must be at the paths the sweep's config names, on every node.
/// </summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var cluster = new ClusterOptionSet(defaultPort: 0);
        var workers = new Option<int?>("--workers") { Description = "Worker actors, one job each at a time (NMFGRID_WORKERS; default: one per core)." };
        var blasThreads = new Option<int?>("--blas-threads") { Description = "BLAS threads per job (NMFGRID_BLAS_THREADS; default 1)." };
        var blas = new Option<string>("--blas") { Description = $"BLAS backend: {string.Join("|", WorkerBlas.Backends)} (NMFGRID_BLAS; default auto)." };
        var cacheDir = new Option<string>("--cache-dir")
        {
            Description = "Feature cache, and the outbox of results not yet acknowledged (outbox/node-K/).",
            DefaultValueFactory = _ => "outputs/cache",
        };
        var runnerName = new Option<string>("--runner")
        {
            Description = "What workers do with a job (NMFGRID_RUNNER): pipeline (default) runs it; noop returns at once, to measure the grid's own dispatch cost.",
        };
        var prefetch = new Option<int?>("--prefetch")
        {
            Description = "Most jobs a worker holds beyond the one it runs while jobs are short (NMFGRID_PREFETCH; default 64, 0 = none). " +
                          "Jobs of seconds are never held whatever this is.",
        };
        var holdLimit = new Option<double?>("--hold-limit")
        {
            Description = "Seconds a running job may take before the jobs held behind it go back to the coordinator (NMFGRID_HOLD_LIMIT; default 1).",
        };
        var models = new Option<string[]>("--model")
        {
            Description = "An external model's command the sweeps will run (algorithm.command), checked before joining: the node starts it, " +
                          "waits for its greeting and stops it, and refuses to start naming the command and this host if that fails. " +
                          "Repeat for several (NMFGRID_MODELS: several separated by ';').",
        };
        var command = new Command("node", "Join a grid cluster as a worker node and run jobs.") { workers, blasThreads, blas, cacheDir, runnerName, prefetch, holdLimit, models };
        foreach (var option in cluster.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var settings = cluster.Settings(parse);
                if (settings.Seeds.Count == 0 && settings.Discovery is null)
                {
                    throw new ClusterSettingsException("--seed: a node joins an existing cluster; give a coordinator's address (or NMFGRID_SEEDS), or --discovery (NMFGRID_DISCOVERY)");
                }
                var count = parse.GetValue(workers) ?? EnvInt("NMFGRID_WORKERS") ?? Environment.ProcessorCount;
                var threads = parse.GetValue(blasThreads) ?? EnvInt("NMFGRID_BLAS_THREADS") ?? 1;
                if (count < 1) throw new ClusterSettingsException($"--workers: must be at least 1, got {count}");
                if (threads < 1) throw new ClusterSettingsException($"--blas-threads: must be at least 1, got {threads}");
                var tune = Holding(parse.GetValue(prefetch) ?? EnvInt("NMFGRID_PREFETCH"), parse.GetValue(holdLimit) ?? EnvDouble("NMFGRID_HOLD_LIMIT"));
                var library = WorkerBlas.Create(parse.GetValue(blas) ?? Environment.GetEnvironmentVariable("NMFGRID_BLAS") ?? "auto", threads);
                var cache = parse.GetValue(cacheDir)!;
                CheckModels(parse.GetValue(models) is { Length: > 0 } given ? given
                            : (Environment.GetEnvironmentVariable("NMFGRID_MODELS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                            cancellation);
                IJobRunner runner = Runner(parse.GetValue(runnerName) ?? Environment.GetEnvironmentVariable("NMFGRID_RUNNER")) switch
                {
                    NoOpJobRunner.Name => new NoOpJobRunner(),
                    _ => new PipelineJobRunner(library, new FeatureCache(cache)),
                };
                await using var member = await ClusterMember.StartNode(settings, count, runner, cache, tune, LogLevel.Information);
                output.WriteLine($"Node {member.Cluster.SelfAddress}: {Plural.Count(count, "worker")}{(runner is NoOpJobRunner ? " running no-op jobs" : "")}, BLAS {library.Name} × {Plural.Count(library.Threads, "thread")}, cache {Path.GetFullPath(cache)}; {settings.JoinDescription()}");
                return await ClusterOptionSet.RunUntilStopped(member, output, error, cancellation);
            }
            catch (Exception e) when (e is ClusterSettingsException or ArgumentException or IOException or ExternalModelException or TimeoutException)
            {
                error.WriteLine($"node: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>How long a model may take to greet in the start-up check (importing a large framework takes a while).</summary>
    private static readonly TimeSpan ModelStartLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Each external model's command starts here and greets in protocol version 1; throws naming the command and the host
    /// where one does not, so a node that cannot run a sweep's model says so before it takes any of its jobs.
    /// </summary>
    internal static void CheckModels(IEnumerable<string> commands, CancellationToken cancellation)
    {
        foreach (var command in commands)
        {
            var model = new ExternalModel(command, null, new Dictionary<string, string>(), "{}", ModelStartLimit);
            using var process = ExternalProcess.Start(model, ModelStartLimit, cancellation);
            process.Stop();
        }
    }

    /// <summary>The runner's name, checked: "pipeline" when none is given.</summary>
    internal static string Runner(string? name) => name switch
    {
        null or "" or "pipeline" => "pipeline",
        NoOpJobRunner.Name => NoOpJobRunner.Name,
        _ => throw new ClusterSettingsException($"--runner: expected pipeline or {NoOpJobRunner.Name}, got '{name}'"),
    };

    /// <summary>The workers' prefetch and hold limit, checked; what is not given keeps <see cref="WorkerSettings"/>' default.</summary>
    internal static Func<WorkerSettings, WorkerSettings> Holding(int? prefetch, double? holdLimitSeconds)
    {
        if (prefetch is < 0 or > MaxPrefetch)
        {
            throw new ClusterSettingsException($"--prefetch: must be between 0 and {MaxPrefetch}, got {prefetch}");
        }
        if (holdLimitSeconds is { } seconds && !(seconds > 0 && seconds <= 3600))
        {
            throw new ClusterSettingsException($"--hold-limit: must be more than 0 and at most 3600 seconds, got {seconds}");
        }
        return worker => worker with
        {
            Prefetch = prefetch ?? worker.Prefetch,
            HoldLimit = holdLimitSeconds is { } s ? TimeSpan.FromSeconds(s) : worker.HoldLimit,
        };
    }

    // Past this a worker's held jobs stop paying for themselves: 64 already hides a round trip of 200 ms of work.
    private const int MaxPrefetch = 4096;

    private static double? EnvDouble(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
              : throw new ClusterSettingsException($"{name}: expected a number of seconds, got '{text}'")
            : null;

    private static int? EnvInt(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.TryParse(text, out var value) ? value : throw new ClusterSettingsException($"{name}: expected an integer, got '{text}'")
            : null;
}
