namespace NmfGrid.Coordinator.Persistence;

/// <summary>The event log's database cannot be used; the message names the file or host and what to do.</summary>
public sealed class GridDatabaseException(string message, Exception? inner = null) : Exception(message, inner);
