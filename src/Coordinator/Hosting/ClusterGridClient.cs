using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// What a command asks of a cluster's coordinator, through a member's singleton proxy: submit a sweep (in parts that
/// fit a transport frame), follow its progress, read its results page by page, read the grid's status. `run
/// --cluster` and `status --cluster` start one as a short-lived client member (<see cref="Start"/>); any member
/// can be asked the same way (<see cref="Of"/>).
/// </summary>
public sealed class ClusterGridClient : IAsyncDisposable, IGridClient
{
    /// <summary>
    /// A question to the coordinator is asked again after this long without an answer: one sent to a
    /// coordinator that died on the way is lost, while the proxy holds the next one until the successor is up.
    /// Every question is idempotent (a sweep submitted twice is continued, not restarted).
    /// </summary>
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(5);

    /// <summary>Longer than a singleton hand-over (removal of the old member + recovery of the log).</summary>
    private static readonly TimeSpan AskPatience = TimeSpan.FromSeconds(90);

    /// <summary>Most jobs per results page; the coordinator fills a page up to a byte budget (<see cref="ResultPages"/>).</summary>
    private const int ResultsPage = 10_000;

    private readonly bool _owned;

    private ClusterGridClient(ClusterMember member, bool owned)
    {
        Member = member;
        _owned = owned;
    }

    /// <summary>The membership questions go through (the client's own, or the member it was made over).</summary>
    public ClusterMember Member { get; }

    public Cluster Cluster => Member.Cluster;

    /// <summary>Joins the cluster as a client member; disposing the client leaves it.</summary>
    public static async Task<ClusterGridClient> Start(ClusterSettings cluster, LogLevel logLevel = LogLevel.Warning) =>
        new(await ClusterMember.StartClient(cluster, logLevel), owned: true);

    /// <summary>Asks through a member that lives on its own (a coordinator or node); disposing the client leaves it running.</summary>
    public static ClusterGridClient Of(ClusterMember member) => new(member, owned: false);

    public Task WaitUntilUp(TimeSpan timeout, CancellationToken cancellation = default) => Member.WaitUntilUp(timeout, cancellation);

    /// <summary>
    /// Submits the sweep in as many parts as keep each message within one transport frame (a sweep of
    /// 10,000 jobs with typical configs is about 15 MiB), one after the other; the coordinator merges them.
    /// </summary>
    public Task<SweepAccepted> Submit(SweepDefinition sweep) => Submit(Parts(sweep));

    /// <summary>Submits parts made by <see cref="Parts"/>, one after the other; the answer counts them all.</summary>
    public async Task<SweepAccepted> Submit(IReadOnlyList<SweepDefinition> parts)
    {
        int jobs = 0, done = 0;
        foreach (var part in parts)
        {
            var accepted = await Ask<SweepAccepted>(new SubmitSweep(part));
            jobs += accepted.Jobs;
            done += accepted.AlreadyDone;
        }
        return new SweepAccepted(parts[0].SweepId, jobs, done);
    }

    /// <summary>
    /// The sweep as messages that each fit one transport frame (hocon/cluster.conf's maximum-frame-size, less
    /// room for the remoting envelope): the transport drops a larger one with only a log line. A single job
    /// too large for a frame is refused, naming it and the setting.
    /// </summary>
    public static IReadOnlyList<SweepDefinition> Parts(SweepDefinition sweep)
    {
        var frame = GridCluster.ClusterHocon.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128000;
        const int envelope = 64 * 1024; // manifest, actor paths and the remoting envelope around the payload
        try
        {
            return SweepParts.Split(sweep, part => global::System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
                                                       new SubmitSweep(part), GridSerializer.JsonOptions).LongLength,
                                    frame - envelope);
        }
        catch (ArgumentException e)
        {
            throw new ClusterSettingsException($"{e.Message.Replace(" (Parameter 'sweep')", "")}: raise akka.remote.dot-netty.tcp.maximum-frame-size " +
                                               $"({frame / 1048576.0:0.#} MiB, hocon/cluster.conf)");
        }
    }

    public Task<SweepProgress?> Progress(string sweepId, CancellationToken cancellation = default) => Progress(sweepId, null, cancellation);

    public async Task<SweepProgress?> Progress(string sweepId, IReadOnlyList<string>? metrics, CancellationToken cancellation = default) =>
        await Ask<object>(new GetSweepProgress(sweepId, metrics), cancellation) as SweepProgress;

    /// <summary>
    /// Asked again on a timeout like the questions: an action is idempotent (one stored by a coordinator that died before
    /// answering leaves the successor nothing to change, and it answers 0 jobs).
    /// </summary>
    public async Task<SweepActionDone?> Cancel(string sweepId, string reason, CancellationToken cancellation = default) =>
        await Ask<object>(new CancelSweep(sweepId, reason), cancellation) as SweepActionDone;

    public async Task<SweepActionDone?> RetryFailed(string sweepId, CancellationToken cancellation = default) =>
        await Ask<object>(new RetryFailedJobs(sweepId), cancellation) as SweepActionDone;

    public Task<GridStatus> Status() => Ask<GridStatus>(GetGridStatus.Instance);

    private async Task<T> Ask<T>(object question, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + AskPatience;
        while (true)
        {
            try
            {
                return await Member.Coordinator.Ask<T>(question, AskAgainAfter, cancellation);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
                // the coordinator is moving, or the answer was lost with it: ask again
            }
        }
    }

    /// <summary>The sweep's jobs, read page by page (each within a byte budget) so that no reply nears the transport's frame size.</summary>
    public async Task<LedgerSnapshot> Results(SweepDefinition sweep)
    {
        var jobs = new List<JobSnapshot>(sweep.Jobs.Count);
        while (jobs.Count < sweep.Jobs.Count)
        {
            var page = await Ask<object>(new GetSweepResults(sweep.SweepId, jobs.Count, ResultsPage)) as SweepResults
                       ?? throw new InvalidOperationException($"the coordinator does not know sweep {sweep.SweepId}");
            if (page.Jobs.Count == 0)
            {
                break;
            }
            jobs.AddRange(page.Jobs);
        }
        return new LedgerSnapshot([sweep], jobs);
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned) await Member.DisposeAsync();
    }
}
