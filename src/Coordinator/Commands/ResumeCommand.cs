using System.CommandLine;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Commands;

/// <summary>`nmfgrid resume SWEEP`: continues a sweep after a crash or Ctrl-C; finished jobs are not recomputed.</summary>
public static class ResumeCommand
{
    public static Option<string> DatabaseOption() => new("--database")
    {
        Description = "The sweep database (SQLite file).",
        DefaultValueFactory = _ => "outputs/nmfgrid.db",
    };

    public static Command Create()
    {
        var sweep = new Argument<string>("sweep") { Description = "Sweep id, as `nmfgrid status` lists it." };
        var database = DatabaseOption();
        var command = new Command("resume", "Continue an interrupted sweep from its database.") { sweep, database };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(database)!;
            if (!File.Exists(path))
            {
                error.WriteLine($"resume: no sweep database at '{path}'");
                return 2;
            }
            var definition = await StoredSweeps.Find(path, parse.GetValue(sweep)!);
            if (definition is null)
            {
                error.WriteLine($"resume: no sweep '{parse.GetValue(sweep)}' in '{path}' (see nmfgrid status --database {path})");
                return 2;
            }
            var run = RunSettings.From(JobConfig.FromJson(definition.FirstConfigJson()).Run) with { Database = path };
            return await RunCommand.Execute(definition, run, submit: false, output, error, cancellation, databaseKey: "--database");
        });
        return command;
    }
}
