namespace NmfGrid.Coordinator.Web;

/// <summary>One job's loss (its divergence, β of its configuration) after each iteration.</summary>
public sealed record LossCurve(string JobId, string Track, IReadOnlyList<double> Loss);
