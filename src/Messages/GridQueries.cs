namespace NmfGrid.Messages;

/// <summary>Client → coordinator: which workers are registered, and how far is every sweep? (`nmfgrid status --cluster`)</summary>
public sealed record GetGridStatus : IGridMessage
{
    public static readonly GetGridStatus Instance = new();
}

/// <summary>Coordinator → client: the registered workers and every sweep in the coordinator's log.</summary>
public sealed record GridStatus(IReadOnlyList<WorkerStatus> Workers, IReadOnlyList<SweepStatus> Sweeps) : IGridMessage;

/// <summary>One registered worker: its id, host, slots, actor address and the jobs it holds a lease on.</summary>
public sealed record WorkerStatus(string WorkerId, string Host, int Slots, string Address, int Running) : IGridMessage;

/// <summary>One sweep with what identifies it for a person, and its progress.</summary>
public sealed record SweepStatus(string SweepId, string Name, string Task, string Dataset, SweepProgress Progress) : IGridMessage;

/// <summary>
/// Client → coordinator: the jobs of a sweep from Offset, at most Count of them, and no more than fit a byte budget
/// (the page may be shorter). A remote client reads results page by page until it has them all, so no reply
/// comes near the transport's maximum frame size however large the sweep.
/// </summary>
public sealed record GetSweepResults(string SweepId, int Offset, int Count) : IGridMessage;

/// <summary>Coordinator → client: one page of a sweep's jobs (in the sweep's job order) and how many there are in all.</summary>
public sealed record SweepResults(string SweepId, int Offset, int Total, IReadOnlyList<JobSnapshot> Jobs) : IGridMessage;
