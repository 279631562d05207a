using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// What a sweep runs, named for what it is: its (task, dataset) pairs in configuration order. Described as
/// "transcription on maps", or for a sweep of several (the demo zips three) each task with its datasets,
/// "separation on musdb18hq, transcription on maps, structure on rwcpop". Its report folder joins the distinct names
/// with '+', outputs/separation+transcription+structure/musdb18hq+maps+rwcpop/&lt;id&gt;, where one task on one dataset
/// keeps the seed's outputs/&lt;task&gt;/&lt;dataset&gt;/&lt;id&gt;.
/// </summary>
public sealed record SweepSubject(IReadOnlyList<(string Task, string Dataset)> Pairs)
{
    /// <summary>The task folder name: the distinct task names, joined by '+'.</summary>
    public string Task => string.Join("+", Pairs.Select(p => p.Task).Distinct());

    /// <summary>The dataset folder name: the distinct dataset names, joined by '+'.</summary>
    public string Dataset => string.Join("+", Pairs.Select(p => p.Dataset).Distinct());

    public string Description => string.Join(", ", Pairs.GroupBy(p => p.Task)
        .Select(g => $"{g.Key} on {Listing(g.Select(p => p.Dataset).Distinct().ToArray())}"));

    public override string ToString() => Description;

    public static SweepSubject Of(IEnumerable<(string Task, string Dataset)> pairs) => new(pairs.Distinct().ToArray());

    /// <summary>From the jobs and their points, so a sweep read back from the database is described the same way.</summary>
    public static SweepSubject Of(SweepDefinition sweep)
    {
        var withPoints = sweep.WithPoints();
        // A point whose config names no task (a sweep made by hand, not planned) takes the sweep's own.
        var tasks = withPoints.Points!.ToDictionary(p => p.Index, p => JobConfig.FromJson(p.ConfigJson).TaskName is { Length: > 0 } name ? name : sweep.Task);
        return Of(withPoints.Jobs.Select(j => (tasks[j.PointIndex], j.Dataset)));
    }

    private static string Listing(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
}
