namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>What a chaos kill hits.</summary>
internal enum ChaosTarget
{
    /// <summary>The embedded `nmfgrid run` (or `resume`) process, SIGKILL; then `nmfgrid resume`.</summary>
    EmbeddedRun,

    /// <summary>A worker node, SIGKILL; then started again.</summary>
    Node,

    /// <summary>The coordinator hosting the singleton (the oldest coordinator), SIGKILL; then started again.</summary>
    ActiveCoordinator,

    /// <summary>The PostgreSQL server of the journal, stopped at once (as a crash) and started again after a short outage.</summary>
    Postgres,
}
