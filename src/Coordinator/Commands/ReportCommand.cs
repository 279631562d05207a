using System.CommandLine;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid report SWEEP [--database FILE | --postgres CS]`: rebuilds results.csv, results.json, summary.md and
/// the plots from the event log. From a SQLite file it also rebuilds the results table (read model), unless a run
/// holds the file (<see cref="SqliteDatabaseLock"/>): then the table is that run's; a cluster's PostgreSQL table
/// belongs to its results projector, which rewrites it from the log whenever it starts.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep") { Description = "Sweep id (or a unique prefix)." };
        var database = ResumeCommand.DatabaseOption();
        var postgres = new Option<string>("--postgres")
        {
            Description = "Read a cluster's PostgreSQL journal (an Npgsql connection string without its password: PGPASSWORD or Passfile=FILE) " +
                          "instead of a SQLite file; safe while the cluster runs.",
        };
        var command = new Command("report", "Rebuild a sweep's report from its database.") { sweep, database, postgres };
        command.SetAction(async parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            GridPersistenceOptions log;
            if (parse.GetValue(postgres) is { } connection)
            {
                if (parse.GetResult(database) is { Implicit: false })
                {
                    error.WriteLine("report: --database and --postgres: give one event log, not both");
                    return 2;
                }
                try
                {
                    PostgresDatabase.RefusePasswordOnCommandLine(connection, "--postgres");
                }
                catch (GridDatabaseException e)
                {
                    error.WriteLine($"report: {e.Message}");
                    return 2;
                }
                log = GridPersistenceOptions.Postgres(connection);
            }
            else
            {
                var path = parse.GetValue(database)!;
                if (!File.Exists(path))
                {
                    error.WriteLine($"report: no sweep database at '{path}'");
                    return 2;
                }
                log = GridPersistenceOptions.Sqlite(path);
            }
            return await Write(log, parse.GetValue(sweep)!, parse.InvocationConfiguration.Output, error);
        });
        return command;
    }

    /// <summary>Writes the report of the sweep whose id starts with <paramref name="sweepId"/>; 2 when the log or the sweep is not there.</summary>
    internal static async Task<int> Write(GridPersistenceOptions log, string sweepId, TextWriter output, TextWriter error, string? persistenceId = null)
    {
        LedgerSnapshot ledger;
        SqliteDatabaseLock? claim = null;
        try
        {
            // The SQLite results table is rebuilt only under the database's lock: while a run (or a coordinator) holds
            // it, that process's projector owns the table, and emptying it under the projector would lose rows until
            // the next rebuild. The report files are written from the log either way: reading it is safe meanwhile.
            var rebuild = false;
            if (log.Provider == GridDatabaseProvider.Sqlite)
            {
                claim = SqliteDatabaseLock.TryClaim(log.Database, out var holder);
                rebuild = claim is not null;
                if (!rebuild)
                {
                    error.WriteLine($"note: {Path.GetFullPath(log.Database)} is in use by another nmfgrid process" +
                                    $"{(holder is { } pid ? $" (pid {pid})" : "")}: the report shows the log as it stands, and the results table is left to that process");
                }
            }
            ledger = await StoredSweeps.Ledger(log, rebuild, persistenceId);
        }
        catch (GridDatabaseException e)
        {
            error.WriteLine($"report: {e.Message}");
            return 2;
        }
        finally
        {
            claim?.Dispose();
        }
        var definition = ledger.Sweeps.FirstOrDefault(s => s.SweepId.StartsWith(sweepId, StringComparison.Ordinal));
        if (definition is null)
        {
            error.WriteLine($"report: no sweep '{sweepId}' in {Describe(log)}");
            return 2;
        }
        var run = RunSettings.From(JobConfig.FromJson(definition.FirstConfigJson()).Run);
        var report = SweepSession.WriteReport(ledger, definition, run);
        RunCommand.WriteReportPaths(output, report);
        return 0;
    }

    private static string Describe(GridPersistenceOptions log) =>
        log.Provider == GridDatabaseProvider.Sqlite ? $"'{log.Database}'" : $"the PostgreSQL journal ({PostgresDatabase.Describe(log.Database)})";
}
