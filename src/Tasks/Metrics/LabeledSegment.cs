namespace NmfGrid.Tasks.Metrics;

/// <summary>A labelled section of a piece (verse, chorus, A, b′ …), times in seconds.</summary>
public readonly record struct LabeledSegment(double Start, double End, string Label)
{
    public TimeInterval Interval => new(Start, End);
}
