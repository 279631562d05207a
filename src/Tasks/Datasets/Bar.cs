namespace NmfGrid.Tasks.Datasets;

/// <summary>A bar (measure) as a time span in seconds, from one downbeat to the next.</summary>
public sealed record Bar(double Start, double End)
{
    public double Duration => End - Start;
}
