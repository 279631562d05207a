using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Cluster;

public sealed class ClusterSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Environment_variables_fill_what_the_command_line_leaves_out_and_the_command_line_wins()
    {
        var env = Env(("NMFGRID_HOST", "10.0.0.5"), ("NMFGRID_PUBLIC_HOST", "node-5"), ("NMFGRID_PORT", "5000"),
                      ("NMFGRID_SEEDS", "akka.tcp://nmfgrid@c1:4053, akka.tcp://nmfgrid@c2:4053"));
        var fromEnv = ClusterSettings.FromEnvironment(null, null, null, null, 4053, env);
        Assert.Equal(("10.0.0.5", "node-5", 5000), (fromEnv.Host, fromEnv.PublicHost, fromEnv.Port));
        Assert.Equal(["akka.tcp://nmfgrid@c1:4053", "akka.tcp://nmfgrid@c2:4053"], fromEnv.Seeds);

        var fromArgs = ClusterSettings.FromEnvironment("0.0.0.0", "me", 6000, ["akka.tcp://nmfgrid@c3:4053"], 4053, env);
        Assert.Equal(("0.0.0.0", "me", 6000), (fromArgs.Host, fromArgs.PublicHost, fromArgs.Port));
        Assert.Equal(["akka.tcp://nmfgrid@c3:4053"], fromArgs.Seeds);
        Assert.Equal(4053, ClusterSettings.FromEnvironment(null, null, null, null, 4053, Env()).Port);
    }

    [Theory]
    [InlineData("NMFGRID_PORT", "http", "NMFGRID_PORT: expected a port number, got 'http'")]
    [InlineData("NMFGRID_PORT", "70000", "NMFGRID_PORT: 70000 is not a port number")]
    [InlineData("NMFGRID_SEEDS", "c1:4053", "NMFGRID_SEEDS: 'c1:4053'")]
    [InlineData("NMFGRID_SEEDS", "not an address", "NMFGRID_SEEDS: 'not an address'")]
    [InlineData("NMFGRID_SEEDS", "akka.tcp://grid@c1:4053", "NMFGRID_SEEDS: 'akka.tcp://grid@c1:4053' must name the ActorSystem 'nmfgrid'")]
    [InlineData("NMFGRID_TLS_CERT", "/nonexistent/cluster.pfx", "NMFGRID_TLS_CERT: certificate file '/nonexistent/cluster.pfx' does not exist")]
    public void A_bad_setting_is_named_with_its_value(string variable, string value, string message)
    {
        var e = Assert.Throws<ClusterSettingsException>(() => ClusterSettings.FromEnvironment(null, null, null, null, 0, Env((variable, value))));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_loopback_seed_makes_a_member_advertise_loopback()
    {
        var settings = new ClusterSettings { Seeds = ["akka.tcp://nmfgrid@127.0.0.1:4053"] };
        Assert.Equal("127.0.0.1", settings.AdvertisedHost());
        Assert.Equal("node-7", (settings with { PublicHost = "node-7" }).AdvertisedHost());
    }

    [Fact]
    public void The_coordinators_journal_comes_from_the_options_else_the_environment()
    {
        Assert.Equal(GridDatabaseProvider.Postgres, CoordinatorCommand.Persistence(null, "Host=pg", Env()).Provider);
        Assert.Equal(GridPersistenceOptions.Sqlite("a.db"), CoordinatorCommand.Persistence("a.db", null, Env(("NMFGRID_POSTGRES", "Host=pg"))));
        Assert.Equal(GridPersistenceOptions.Postgres("Host=pg"), CoordinatorCommand.Persistence(null, null, Env(("NMFGRID_POSTGRES", "Host=pg"))));
        Assert.Equal(GridPersistenceOptions.Sqlite("b.db"), CoordinatorCommand.Persistence(null, null, Env(("NMFGRID_DATABASE", "b.db"))));
        var e = Assert.Throws<ClusterSettingsException>(() => CoordinatorCommand.Persistence("a.db", "Host=pg", Env()));
        Assert.Contains("--database and --postgres", e.Message);
    }

    [Fact]
    public void Two_nodes_sharing_a_cache_get_separate_outboxes_and_a_restarted_node_gets_its_old_one()
    {
        var root = Directory.CreateTempSubdirectory("nmfgrid-state-").FullName;
        try
        {
            string first;
            using (var a = NodeStateFolder.Claim(root))
            using (var b = NodeStateFolder.Claim(root))
            {
                Assert.NotEqual(a.Directory, b.Directory);
                first = a.Directory;
            }
            using var again = NodeStateFolder.Claim(root);
            Assert.Equal(first, again.Directory);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Cluster_conf_as_compiled_in_sets_keep_majority_and_a_frame_for_large_sweeps()
    {
        var config = GridCluster.ClusterHocon;
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.True(config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") >= 16 * 1024 * 1024);
        var shipped = Akka.Configuration.ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "cluster.conf")));
        Assert.Equal(shipped.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
    }

    [Fact]
    public void Tls_conf_turns_on_mutual_authentication_with_validation()
    {
        var tls = Akka.Configuration.ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "tls.conf")));
        Assert.True(tls.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.True(tls.GetBoolean("akka.remote.dot-netty.tcp.ssl.require-mutual-authentication"));
        Assert.False(tls.GetBoolean("akka.remote.dot-netty.tcp.ssl.suppress-validation"));
        Assert.EndsWith(".pfx", tls.GetString("akka.remote.dot-netty.tcp.ssl.certificate.path"));
    }
}
