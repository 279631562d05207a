using Akka.Actor;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Tests.Grid;
using NmfGrid.Messages;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// Several cluster members (each its own ActorSystem and host) in one test process on 127.0.0.1 with real
/// sockets. The failure detector and split-brain resolver are as shipped except stable-after (2 s), so a killed
/// member is removed in ~6 s; "killing" terminates an ActorSystem without leaving the cluster. Disposing
/// stops every member still alive and deletes the test's folder.
/// </summary>
public sealed class ClusterTestbed : IAsyncDisposable
{
    public static readonly TimeSpan JoinPatience = TimeSpan.FromSeconds(30);

    /// <summary>What only tests change: a shorter SBR decision, and termination that does not leave the cluster.</summary>
    public const string TestHocon = """
        akka.cluster.split-brain-resolver.stable-after = 2s
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.loglevel = WARNING
        """;

    private readonly List<ClusterMember> _members = [];

    public ClusterTestbed()
    {
        Root = Directory.CreateTempSubdirectory("nmfgrid-cluster-").FullName;
        Database = GridPersistenceOptions.Sqlite(Path.Combine(Root, "journal.db"));
    }

    public string Root { get; }

    /// <summary>The journal every coordinator of the test shares: a SQLite file, or PostgreSQL when the test asks for it.</summary>
    public GridPersistenceOptions Database { get; set; }

    /// <summary>Unique per test, so tests sharing a PostgreSQL database never read each other's log.</summary>
    public string PersistenceId { get; } = "sweep-coordinator-" + Guid.NewGuid().ToString("N")[..12];

    public string? Seed { get; private set; }

    public ClusterSettings Settings(string? extraHocon = null, string? certificate = null, string? password = null) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        Seeds = Seed is null ? [] : [Seed],
        TlsCertificate = certificate,
        TlsPassword = password,
        ExtraHocon = TestHocon + "\n" + extraHocon,
    };

    public static readonly CoordinatorSettings Coordinating = new()
    {
        LeaseCheckInterval = TimeSpan.FromMilliseconds(200),
        RecoveredLeaseGrace = TimeSpan.FromSeconds(4), // workers heartbeat every 0.5 s here
    };

    public async Task<ClusterMember> Coordinator(ClusterSettings? settings = null)
    {
        var member = await ClusterMember.StartCoordinator(settings ?? Settings(), Database, Coordinating with { PersistenceId = PersistenceId }, Quiet);
        return await Joined(member);
    }

    public async Task<ClusterMember> Node(IJobRunner runner, int workers = 2, ClusterSettings? settings = null)
    {
        var member = await ClusterMember.StartNode(settings ?? Settings(), workers, runner, Path.Combine(Root, "state"), Fast, Quiet);
        return await Joined(member);
    }

    public async Task<ClusterGridClient> Client(ClusterSettings? settings = null) => ClusterGridClient.Of(await Joined(await ClusterMember.StartClient(settings ?? Settings(), Quiet)));

    /// <summary>Members log errors only: unreachable and downed members are what these tests are about.</summary>
    private const Microsoft.Extensions.Logging.LogLevel Quiet = Microsoft.Extensions.Logging.LogLevel.Error;

    /// <summary>Starts a member that may never join; true if it became Up within the patience given.</summary>
    public async Task<bool> TryJoin(Func<Task<ClusterMember>> start, TimeSpan patience)
    {
        var member = await start();
        _members.Add(member);
        try
        {
            await member.WaitUntilUp(patience);
            return true;
        }
        catch (ClusterSettingsException)
        {
            return false;
        }
    }

    private async Task<ClusterMember> Joined(ClusterMember member)
    {
        _members.Add(member);
        await member.WaitUntilUp(JoinPatience);
        Seed ??= member.Cluster.SelfAddress.ToString();
        return member;
    }

    /// <summary>Short worker timers, so resends and polls after a hand-over happen within a second.</summary>
    public static WorkerSettings Fast(WorkerSettings settings) => settings with
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(500),
        ResendInterval = TimeSpan.FromMilliseconds(500),
        IdlePoll = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>The member's machine dies: no leave, no goodbye; the others must notice.</summary>
    public async Task Kill(ClusterMember member)
    {
        _members.Remove(member);
        await member.Abort();
    }

    public static SweepDefinition Sweep(int jobs, string id = "s") =>
        Sweeps.SweepLedgerTests.Sweep(id, jobs, maxAttempts: 3) with { Lease = TimeSpan.FromSeconds(60) };

    /// <summary>Polls the coordinator (through the given member's proxy) until the sweep is finished.</summary>
    public static async Task<SweepProgress> Finished(ClusterMember via, string sweepId, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        SweepProgress? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ClusterGridClient.Of(via).Progress(sweepId);
                if (last?.Finished == true)
                {
                    return last;
                }
            }
            catch (AskTimeoutException)
            {
                // the coordinator is moving: ask again
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"sweep {sweepId} not finished after {patience}: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        // Leave in reverse order of joining, so the seed goes last.
        foreach (var member in Enumerable.Reverse(_members).ToArray())
        {
            try
            {
                await member.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                await member.Abort();
            }
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a member's last write; the temp folder is cleaned by the OS
        }
    }
}
