namespace NmfGrid.Tasks.Datasets;

/// <summary>A beat time in seconds and its position in the bar (1 = downbeat, 2, 3, …).</summary>
public sealed record Beat(double Time, int PositionInBar)
{
    public bool IsDownbeat => PositionInBar == 1;
}
