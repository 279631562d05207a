namespace NmfGrid.Coordinator.Persistence;

/// <summary>Where the coordinator's event log lives: a SQLite file (one machine) or PostgreSQL (a cluster).</summary>
public enum GridDatabaseProvider
{
    Sqlite,
    Postgres,
}
