using System.CommandLine;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Web;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid coordinator [--host] [--public-host] [--port 4053] [--seed … | --discovery …] [--database FILE | --postgres CS]`:
/// a cluster member with role "coordinator" that can host the sweep coordinator (a cluster singleton). Several
/// may run on the shared PostgreSQL journal; the oldest is active and the next takes over when it goes.
/// </summary>
public static class CoordinatorCommand
{
    public const int DefaultPort = 4053;

    public static Command Create()
    {
        var cluster = new ClusterOptionSet(DefaultPort);
        var database = new Option<string>("--database") { Description = "SQLite event log (NMFGRID_DATABASE): one coordinator only, no hand-over to another machine." };
        var postgres = new Option<string>("--postgres")
        {
            Description = "PostgreSQL connection string without its password (NMFGRID_POSTGRES, which may hold one): the journal every coordinator shares.",
        };
        var serve = WebOptionSet.ServeOption();
        var serveBind = WebOptionSet.ServeBindOption();
        var command = new Command("coordinator", "Join (or start) a grid cluster as a coordinator: hosts the sweep coordinator singleton.")
        {
            database, postgres, serve, serveBind,
        };
        foreach (var option in cluster.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var settings = cluster.Settings(parse);
                var persistence = Persistence(parse.GetValue(database), parse.GetValue(postgres));
                var web = WebOptionSet.ServeSettings(parse, serve, serveBind);
                // A SQLite log has one writer: a second coordinator (or a `run`) on the same file stops here, before
                // it opens the file. PostgreSQL coordinators share the journal through the cluster singleton instead.
                using var claim = persistence.Provider == GridDatabaseProvider.Sqlite
                    ? SqliteDatabaseLock.Claim(persistence.Database, "--database")
                    : null;
                await using var member = await ClusterMember.StartCoordinator(settings, persistence, logLevel: LogLevel.Information);
                var self = member.Cluster.SelfAddress;
                output.WriteLine($"Coordinator member {self} ({(persistence.Provider == GridDatabaseProvider.Postgres ? "PostgreSQL journal" : $"SQLite journal {Path.GetFullPath(persistence.Database)}")}); " +
                                 settings.JoinDescription());
                // The results table this member's projector writes while it is the active one (the singleton): on
                // PostgreSQL every coordinator member reads the same table, so any of them can serve the pages.
                await using var explorer = web is null ? null : await ResultsWebServer.Start(web, ResultsStore.Open(persistence), LogLevel.Information,
                                                                                      grid: ClusterGridClient.Of(member));
                explorer?.Announce(output);
                return await ClusterOptionSet.RunUntilStopped(member, output, error, cancellation);
            }
            catch (Exception e) when (e is ClusterSettingsException or GridDatabaseException or WebSettingsException)
            {
                error.WriteLine($"coordinator: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// --postgres, else --database, else NMFGRID_POSTGRES, else NMFGRID_DATABASE, else the default SQLite file. A password
    /// in --postgres is refused (see <see cref="PostgresDatabase.RefusePasswordOnCommandLine"/>).
    /// </summary>
    internal static GridPersistenceOptions Persistence(string? database, string? postgres, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (database is not null && postgres is not null)
        {
            throw new ClusterSettingsException("--database and --postgres: give one event log, not both");
        }
        if (postgres is not null)
        {
            PostgresDatabase.RefusePasswordOnCommandLine(postgres, "--postgres", "NMFGRID_POSTGRES");
            return GridPersistenceOptions.Postgres(postgres);
        }
        if (database is not null) return GridPersistenceOptions.Sqlite(database);
        if (environment("NMFGRID_POSTGRES") is { Length: > 0 } pg) return GridPersistenceOptions.Postgres(pg);
        if (environment("NMFGRID_DATABASE") is { Length: > 0 } file) return GridPersistenceOptions.Sqlite(file);
        return GridPersistenceOptions.Sqlite();
    }
}
