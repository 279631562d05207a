using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Web;

/// <summary>A sweep's jobs by status and its succeeded jobs per host, as the results table holds them now.</summary>
public sealed record SweepCounts(
    string SweepId,
    IReadOnlyList<string> Tasks,
    int Succeeded,
    int Failed,
    int Running,
    int Pending,
    IReadOnlyDictionary<string, int> SucceededPerHost)
{
    public int Total => Succeeded + Failed + Running + Pending;

    /// <summary>The same counts as the coordinator's progress answer, so <see cref="Hosting.ProgressReading"/> reads them.</summary>
    public SweepProgress ToProgress() => new(SweepId, Total, Succeeded, Failed, Running, Pending, SucceededPerHost);

    internal sealed class Builder(string sweepId)
    {
        private readonly SortedSet<string> _tasks = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _hosts = new(StringComparer.Ordinal);
        private int _succeeded, _failed, _running, _pending;

        public void Add(string task, string status, string host, int count)
        {
            _tasks.Add(task);
            switch (status)
            {
                case "succeeded":
                    _succeeded += count;
                    _hosts[host] = _hosts.GetValueOrDefault(host) + count;
                    break;
                case "failed":
                    _failed += count;
                    break;
                case "running":
                    _running += count;
                    break;
                default:
                    _pending += count;
                    break;
            }
        }

        public SweepCounts Build() => new(sweepId, _tasks.ToArray(), _succeeded, _failed, _running, _pending, _hosts);
    }
}
