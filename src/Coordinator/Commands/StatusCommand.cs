using System.CommandLine;
using NmfGrid.Coordinator.Sweeps;

namespace NmfGrid.Coordinator.Commands;

/// <summary>`nmfgrid status`: every sweep in the database and how far it got.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var database = ResumeCommand.DatabaseOption();
        var command = new Command("status", "List the sweeps in a database and their progress.") { database };
        command.SetAction(async parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = parse.GetValue(database)!;
            if (!File.Exists(path))
            {
                parse.InvocationConfiguration.Error.WriteLine($"status: no sweep database at '{path}'");
                return 2;
            }
            var snapshot = await StoredSweeps.Ledger(path);
            var ledger = SweepLedger.FromSnapshot(snapshot);
            output.WriteLine($"{"sweep",-16}  {"task",-13}  {"dataset",-10}  {"done",6}  {"failed",6}  {"left",6}  name");
            foreach (var sweep in snapshot.Sweeps)
            {
                var p = ledger.Progress(sweep.SweepId);
                output.WriteLine($"{sweep.SweepId,-16}  {sweep.Task,-13}  {sweep.Dataset,-10}  {p.Succeeded,6}  {p.Failed,6}  {p.Running + p.Pending,6}  {sweep.Name}");
            }
            return 0;
        });
        return command;
    }
}
