using System.Reflection;

namespace NmfGrid.Coordinator.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/ARCHITECTURE.md ("Projects and what they may reference"), as data: per project, then per
/// folder of src/Coordinator, from the bottom up. A rule names what a layer must not reach; every exception is one named
/// arrow with its reason. Change this file and that section together.
/// </summary>
public static class LayerRules
{
    private const string Coordinator = "NmfGrid.Coordinator";
    private const string Config = Coordinator + ".Config";
    private const string Sweeps = Coordinator + ".Sweeps";
    private const string Reports = Coordinator + ".Reports";
    private const string Statistics = Reports + ".Statistics";
    private const string Persistence = Coordinator + ".Persistence";
    private const string Hosting = Coordinator + ".Hosting";
    private const string Web = Coordinator + ".Web";
    private const string Commands = Coordinator + ".Commands";

    /// <summary>Every src project's assembly (nmfgrid.dll is the Coordinator).</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } =
    [
        typeof(Compute.Factorization).Assembly,
        typeof(Tasks.Audio.AudioReader).Assembly,
        typeof(Messages.IGridMessage).Assembly,
        typeof(Node.Workers.WorkerActor).Assembly,
        typeof(Program).Assembly,
    ];

    public static IReadOnlyList<DependencyRule> Projects { get; } =
    [
        // Numerics only: no audio, files, actors or configs.
        new("NmfGrid.Compute", "NmfGrid.Tasks", "NmfGrid.Messages", "NmfGrid.Node", Coordinator,
            "Akka", "NAudio", "NLayer", "NWaves", "YamlDotNet", "System.CommandLine"),
        // No actors, no grid: the per-track pipeline is a plain function the CLI, the tests and the workers call.
        new("NmfGrid.Tasks", "NmfGrid.Messages", "NmfGrid.Node", Coordinator, "Akka"),
        // Contracts only (their whole allow-list is checked by ProjectRuleTests: System, Akka and themselves).
        new("NmfGrid.Messages", "NmfGrid.Compute", "NmfGrid.Tasks", "NmfGrid.Node", Coordinator),
        new("NmfGrid.Node", Coordinator),
        new(Coordinator,
            // Audio is read and written by Tasks.Audio (`eval separation` reads its WAV files with AudioReader).
            ["NAudio", "NLayer", "NWaves", "NmfGrid.Compute"],
            [
                // `nmfgrid nmf` is the numerics' own front door: one factorisation of a .npy, no task, no grid. It takes
                // NmfOptions, the registries and the results as Compute defines them; a copy of them in Tasks would be a
                // second place to change with every solver option. Everything else reaches Compute through Tasks
                // (NmfSettings, TrackPipeline) or Node (WorkerBlas: the BLAS a process's jobs run on).
                new(Commands + ".NmfCommand", "NmfGrid.Compute", "the nmf command"),
                new(Commands + ".NmfOptionSet", "NmfGrid.Compute", "the nmf command's options become NmfOptions"),
                new(Commands + ".NmfRequest", "NmfGrid.Compute", "the nmf command's parsed request holds NmfOptions"),
                new(Commands + ".TensorNmfRun", "NmfGrid.Compute", "the nmf command on a 3-D .npy"),
            ]),
    ];

    /// <summary>
    /// src/Coordinator from the bottom up: Config, Sweeps, Reports (Statistics inside it), Persistence, Hosting, Web, Commands;
    /// Program sits on Commands. A folder reaches only the folders below it, and only Commands parses a command line.
    /// </summary>
    public static IReadOnlyList<DependencyRule> CoordinatorFolders { get; } =
    [
        // The Hydra subset: YAML in, resolved config trees out. Knows no grid, task or numerics.
        new(Config, Sweeps, Reports, Persistence, Hosting, Web, Commands,
            "NmfGrid.Messages", "NmfGrid.Node", "NmfGrid.Tasks", "NmfGrid.Compute", "Akka", "System.CommandLine"),
        // Sweeps, jobs, the ledger and the coordinator actor.
        new(Sweeps, [Reports, Persistence, Hosting, Web, Commands, "System.CommandLine"],
            [
                // The report: section is checked with the others before the first job (a report.baseline that names no
                // point fails at submission, not after the sweep); it is settings, read with the report's own reader.
                new(Sweeps + ".SweepBuilder", Reports + ".ReportSettings", "report.baseline checked before the first job"),
            ]),
        // Tables, summaries, plots: plain functions of the ledger, no actors, no storage.
        new(Reports, Persistence, Hosting, Web, Commands, "Akka", "System.CommandLine"),
        // The statistics are pure functions on per-track scores (ResultRow in), free of the report's formatting and
        // drawing, so a results page can share them.
        new(Statistics,
            [Config, Sweeps, Persistence, Hosting, Web, Commands, Reports + ".SweepSummary", Reports + ".SweepReport", Reports + ".SweepPlots",
             "NmfGrid.Messages", "NmfGrid.Node", "NmfGrid.Compute", "ScottPlot", "Akka", "System.CommandLine"], []),
        // Journals, snapshots and the results table's store.
        new(Persistence, Sweeps, Hosting, Web, Commands, "System.CommandLine"),
        // Embedded grid and cluster members; they never call up into the commands that start them.
        new(Hosting, [Web, Commands, "System.CommandLine"], []),
        // The results explorer: pages and JSON API over the results table (Persistence), with the report's statistics
        // (Reports) and the progress reading (Hosting); the commands start it, it never reaches them.
        new(Web, [Commands, Sweeps, Config, "System.CommandLine"], []),
    ];

    /// <summary>The Coordinator's namespaces the rules place; a new folder must be given its place here first.</summary>
    public static IReadOnlySet<string> CoordinatorNamespaces { get; } =
        new HashSet<string> { Coordinator, Config, Sweeps, Reports, Statistics, Persistence, Hosting, Web, Commands };

}
