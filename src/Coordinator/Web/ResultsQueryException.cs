namespace NmfGrid.Coordinator.Web;

/// <summary>A filter, sort or page a request asked for that cannot be run, named in the message (answered 400).</summary>
public sealed class ResultsQueryException(string message) : Exception(message);
