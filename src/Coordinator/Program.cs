using System.CommandLine;
using NmfGrid.Coordinator.Commands;

namespace NmfGrid.Coordinator;

/// <summary>The `nmfgrid` command line: one subcommand per file under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        IgnoredStopSignals.Restore(); // before anything touches the console (see there)
        return Build().Parse(args).Invoke();
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("NmfGrid: NMF benchmarks for audio, from a laptop to a cluster.");
        // One line per subcommand.
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ResumeCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(SweepActionCommand.Cancel());
        root.Subcommands.Add(SweepActionCommand.Retry());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(NmfCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(DatasetsCommand.Build());
        root.Subcommands.Add(CoordinatorCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());
        root.Subcommands.Add(CertificateCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }
}
