using Akka.Actor;
using Akka.Configuration;
using HoconConfig = Akka.Configuration.Config;
using Microsoft.Data.Sqlite;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>hocon/persistence-sqlite.conf with hocon/base.conf, as an operator would load them, without the hosting code.</summary>
public sealed class PersistenceHoconTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a guard, not a measurement: first use of linq2db takes seconds on a busy machine
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nmfgrid-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static HoconConfig Shipped(string file) =>
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", file)));

    [Fact]
    public void Postgres_conf_names_the_PostgreSQL_15_provider_for_journal_and_snapshots()
    {
        var config = Shipped("persistence-postgres.conf");
        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.snapshot-store.sql.provider-name"));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
    }

    [Fact]
    public async Task Sqlite_conf_persists_and_recovers_grid_events()
    {
        Directory.CreateDirectory(_directory);
        var journal = Path.Combine(_directory, "nmfgrid.db");
        var snapshots = Path.Combine(_directory, "nmfgrid.snapshots.db");
        var config = ConfigurationFactory.ParseString($"""
                akka.persistence.journal.sql.connection-string = "Data Source={journal};Default Timeout=30"
                akka.persistence.snapshot-store.sql.connection-string = "Data Source={snapshots};Default Timeout=30"
                """)
            .WithFallback(Shipped("persistence-sqlite.conf"))
            .WithFallback(Shipped("base.conf"));
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.Equal(TimeSpan.FromSeconds(40), config.GetTimeSpan("akka.persistence.journal.sql.circuit-breaker.call-timeout"));
        var completed = GridMessageSamples.ByType[typeof(JobCompleted)];

        var first = ActorSystem.Create("hocon-test", config);
        try
        {
            var log = first.ActorOf(EventLog.Props("sweep-coordinator"));
            await log.Ask<EventLog.Appended>(new EventLog.Append(completed), Patience);
        }
        finally
        {
            await first.Terminate();
        }

        var second = ActorSystem.Create("hocon-test", config);
        try
        {
            var recovered = await second.ActorOf(EventLog.Props("sweep-coordinator"))
                .Ask<EventLog.Recovered>(EventLog.GetRecovered.Instance, Patience);
            Structural.AssertEqual(new[] { completed }, recovered.Events);
        }
        finally
        {
            await second.Terminate();
        }
    }
}
