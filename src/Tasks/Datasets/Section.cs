namespace NmfGrid.Tasks.Datasets;

/// <summary>A labelled span of a song (verse, chorus, "A", "a'", "#"), in seconds, end exclusive.</summary>
public sealed record Section(double Start, double End, string Label)
{
    public double Duration => End - Start;
}
