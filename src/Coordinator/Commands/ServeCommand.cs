using System.CommandLine;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Web;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid serve [--database FILE | --postgres CS] [--port 8053] [--bind 127.0.0.1] [--token T]`: the results explorer
/// (pages and JSON API, docs/api.md) over a results table, until Ctrl-C. It only reads: the table may be written by a
/// running `nmfgrid run` or a cluster's coordinator at the same time.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var database = new Option<string>("--database")
        {
            Description = $"SQLite event log whose results table to serve (its <name>.results.db beside it; the .results.db itself works too). Default {GridPersistenceOptions.DefaultSqlitePath}.",
        };
        var postgres = new Option<string>("--postgres")
        {
            Description = "PostgreSQL connection string without its password (NMFGRID_POSTGRES, which may hold one): a cluster's results table.",
        };
        var web = new WebOptionSet();
        var command = new Command("serve", "Serve the results explorer: sweeps, results, comparisons in a browser, live while sweeps run.") { database, postgres };
        foreach (var option in web.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var settings = web.Settings(parse); // a bad option is named before any database is opened
                var store = Open(CoordinatorCommand.Persistence(parse.GetValue(database), parse.GetValue(postgres)));
                await using var server = await ResultsWebServer.Start(settings, store, LogLevel.Information);
                output.WriteLine($"Serving the results table at {store.Where}");
                server.Announce(output);
                using var signals = new SignalCancellation(cancellation);
                try
                {
                    await Task.Delay(Timeout.Infinite, signals.Token);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: stop serving
                }
                return 0;
            }
            catch (Exception e) when (e is ClusterSettingsException or GridDatabaseException or WebSettingsException)
            {
                error.WriteLine($"serve: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// The results table beside the event log <paramref name="persistence"/> names. A SQLite file that does not exist is
    /// an error, not a new empty table; a path to the .results.db itself is read as its journal's. Reads wait at most 2 s
    /// for a lock, so a locked file is an error page, not a hung one.
    /// </summary>
    internal static ResultsStore Open(GridPersistenceOptions persistence)
    {
        persistence = persistence with { BusyTimeout = TimeSpan.FromSeconds(2) };
        if (persistence.Provider == GridDatabaseProvider.Sqlite)
        {
            var path = Path.GetFullPath(persistence.Database);
            var stem = Path.GetFileNameWithoutExtension(path);
            if (stem.EndsWith(".results", StringComparison.Ordinal))
            {
                path = Path.Combine(Path.GetDirectoryName(path)!, stem[..^".results".Length] + Path.GetExtension(path));
            }
            var results = SqliteDatabase.ResultsPath(path);
            if (!File.Exists(results))
            {
                throw new GridDatabaseException($"no results table at '{results}': run a sweep first, or name its event log with --database");
            }
            persistence = persistence with { Database = path };
        }
        return ResultsStore.Open(persistence);
    }
}
