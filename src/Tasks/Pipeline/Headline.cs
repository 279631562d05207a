namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// The metric a task's configurations are ranked and compared by, and which way it improves. The task declares it
/// (<see cref="IMirTask.Headline"/>); summary.md, its comparisons and the plots read it from there, never from a
/// metric's name.
/// </summary>
public sealed record Headline(string Metric, MetricDirection Direction)
{
    public bool LowerIsBetter => Direction == MetricDirection.LowerIsBetter;
}
