namespace NmfGrid.Coordinator.Sweeps;

public enum JobStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
