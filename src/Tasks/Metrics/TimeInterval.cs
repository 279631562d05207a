namespace NmfGrid.Tasks.Metrics;

/// <summary>A time span [Start, End] in seconds: a note, a segment or a section.</summary>
public readonly record struct TimeInterval(double Start, double End)
{
    public double Duration => End - Start;
}
