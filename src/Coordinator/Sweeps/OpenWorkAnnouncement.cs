namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// When a sweep's entity tells the dispatchers what it has open (<see cref="NmfGrid.Messages.SweepOpenWork"/>) without
/// being asked: when what they act on changed since it last told them (or a dispatcher learned it from a lease), its
/// pending count, or whether it has anything open at all. A running count that changes alone (every report of
/// finished jobs) is left to the lease check's announcement, a second later: no dispatcher can serve more from it, and in
/// cluster mode each announcement is a message to every dispatcher.
/// </summary>
public static class OpenWorkAnnouncement
{
    public static bool Changed((int Pending, int Running) announced, (int Pending, int Running) now) =>
        now.Pending != announced.Pending || Open(now) != Open(announced);

    private static bool Open((int Pending, int Running) work) => work.Pending + work.Running > 0;
}
