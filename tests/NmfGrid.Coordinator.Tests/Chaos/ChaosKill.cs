namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// One planned disturbance: once at least <paramref name="AtDone"/> jobs have a result (and at least one more than at
/// the previous kill, so the sweep always moves on), wait <paramref name="After"/>, then hit <paramref name="Target"/>
/// (node number <paramref name="Which"/> for a node; PostgreSQL stays down for <paramref name="Outage"/>).
/// </summary>
internal sealed record ChaosKill(int Index, ChaosTarget Target, int AtDone, TimeSpan After, int Which, TimeSpan Outage)
{
    public override string ToString() =>
        $"#{Index + 1} {Target}{(Target == ChaosTarget.Node ? $" n{Which + 1}" : "")} at ≥{AtDone} done +{After.TotalMilliseconds:0} ms" +
        (Target == ChaosTarget.Postgres ? $", down {Outage.TotalMilliseconds:0} ms" : "");
}
