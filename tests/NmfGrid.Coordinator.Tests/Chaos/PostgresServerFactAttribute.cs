namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>A fact that starts a PostgreSQL server of its own: it runs where one is installed (test.sh installs it), and is reported as skipped elsewhere.</summary>
public sealed class PostgresServerFactAttribute : FactAttribute
{
    public PostgresServerFactAttribute()
    {
        if (!PostgresInstance.Available) Skip = "no PostgreSQL server installed (deploy/postgres-instance.sh install)";
    }
}
