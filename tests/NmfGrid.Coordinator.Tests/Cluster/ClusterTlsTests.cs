using System.Security.Cryptography.X509Certificates;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Tests.Sweeps;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// TLS with mutual authentication pinned to the cluster's certificate: members holding it form the cluster and
/// run jobs; a process with another certificate, or none, cannot join. Certificates are made here (self-signed).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private static readonly TimeSpan Refusal = TimeSpan.FromSeconds(8);
    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    private string Pfx(string name, string password)
    {
        using var certificate = ClusterCertificate.CreateSelfSigned(name, TimeSpan.FromDays(1));
        var path = Path.Combine(_cluster.Root, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    [Fact]
    public async Task Members_with_the_cluster_certificate_join_and_run_jobs_and_others_cannot_join()
    {
        var clusterPfx = Pfx("nmfgrid-cluster", "s3cret");
        var coordinator = await _cluster.Coordinator(_cluster.Settings(certificate: clusterPfx, password: "s3cret"));
        var runner = new CountingRunner();
        await _cluster.Node(runner, workers: 1, _cluster.Settings(certificate: clusterPfx, password: "s3cret"));
        var sweep = ClusterTestbed.Sweep(3);
        await ClusterGridClient.Of(coordinator).Submit(sweep);
        await ClusterTestbed.Finished(coordinator, sweep.SweepId, TimeSpan.FromSeconds(60));
        Assert.Equal(3, runner.Runs.Count);

        var intruderPfx = Pfx("intruder", "other");
        var withOtherCertificate = await _cluster.TryJoin(
            () => ClusterMember.StartNode(_cluster.Settings(certificate: intruderPfx, password: "other"), 1, new CountingRunner(), null), Refusal);
        var withoutTls = await _cluster.TryJoin(
            () => ClusterMember.StartNode(_cluster.Settings(), 1, new CountingRunner(), null), Refusal);

        Assert.False(withOtherCertificate, "a node with another certificate joined");
        Assert.False(withoutTls, "a node without TLS joined");
        Assert.Equal(2, coordinator.Cluster.State.Members.Count);
    }

    [Fact]
    public void A_wrong_certificate_password_is_named()
    {
        var path = Pfx("nmfgrid-cluster", "right");
        var e = Assert.Throws<ClusterSettingsException>(() => ClusterCertificate.Load(path, "wrong"));
        Assert.Contains(path, e.Message);
        Assert.Contains("NMFGRID_TLS_PASSWORD", e.Message);
    }
}
