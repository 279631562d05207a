namespace NmfGrid.Coordinator.Web;

/// <summary>A job named by its id and its track (what a page links to or lets the user choose).</summary>
public sealed record JobTrack(string JobId, string Track);
