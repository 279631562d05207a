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
        Assert.Equal(typeof(MajorityDowningProvider), Type.GetType(config.GetString("akka.cluster.downing-provider-class"), throwOnError: true));
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

    private static readonly DiscoveryArguments NoDiscoveryOptions = new();

    [Fact]
    public void Discovery_settings_come_from_the_environment_and_replace_seeds()
    {
        var env = Env(("NMFGRID_DISCOVERY", "kubernetes"), ("NMFGRID_DISCOVERY_SELECTOR", "app.kubernetes.io/component=coordinator"),
                      ("NMFGRID_REQUIRED_CONTACT_POINTS", "2"), ("NMFGRID_MANAGEMENT_HOST", "10.1.2.3"), ("NMFGRID_MANAGEMENT_PORT", "8600"));
        var settings = ClusterSettings.FromEnvironment(null, null, null, null, 4053, env, NoDiscoveryOptions);
        Assert.Empty(settings.Seeds);
        Assert.Equal(new ClusterDiscovery
        {
            Method = ClusterDiscoveryMethod.Kubernetes, PodLabelSelector = "app.kubernetes.io/component=coordinator",
            RequiredContactPoints = 2, ManagementHost = "10.1.2.3", ManagementPort = 8600,
        }, settings.Discovery! with { Endpoints = [] });
        Assert.Contains("kubernetes pods 'app.kubernetes.io/component=coordinator'", settings.JoinDescription());

        var config = ClusterSettings.FromEnvironment(null, null, null, null, 4053, Env(("NMFGRID_DISCOVERY_ENDPOINTS", "a:8558, b:8558")),
            new DiscoveryArguments(Method: "Config")).Discovery!;
        Assert.Equal((ClusterDiscoveryMethod.Config, 1, ClusterDiscovery.DefaultManagementPort), (config.Method, config.RequiredContactPoints, config.ManagementPort));
        Assert.Equal(["a:8558", "b:8558"], config.Endpoints);
    }

    [Fact]
    public void Without_a_discovery_method_a_member_joins_through_seeds_and_clients_ignore_the_discovery_variables()
    {
        Assert.Null(ClusterSettings.FromEnvironment(null, null, null, ["akka.tcp://nmfgrid@c1:4053"], 4053, Env(), NoDiscoveryOptions).Discovery);
        // `run --cluster SEED` inside a pod that has NMFGRID_DISCOVERY set: the seed it was given decides.
        var client = ClusterSettings.FromEnvironment(null, null, 0, ["akka.tcp://nmfgrid@c1:4053"], 0, Env(("NMFGRID_DISCOVERY", "kubernetes")));
        Assert.Null(client.Discovery);
        Assert.Equal("seeds: akka.tcp://nmfgrid@c1:4053", client.JoinDescription());
    }

    [Theory]
    [InlineData("NMFGRID_SEEDS=akka.tcp://nmfgrid@c1:4053;NMFGRID_DISCOVERY=kubernetes;NMFGRID_DISCOVERY_SELECTOR=app=x", "NMFGRID_SEEDS and NMFGRID_DISCOVERY: join through seed nodes or through discovery, not both")]
    [InlineData("NMFGRID_DISCOVERY=consul", "NMFGRID_DISCOVERY: unknown discovery method 'consul' (expected kubernetes or config)")]
    [InlineData("NMFGRID_DISCOVERY=kubernetes", "--discovery-selector (NMFGRID_DISCOVERY_SELECTOR): NMFGRID_DISCOVERY=kubernetes needs the label selector")]
    [InlineData("NMFGRID_DISCOVERY=config", "--discovery-endpoint (NMFGRID_DISCOVERY_ENDPOINTS): NMFGRID_DISCOVERY=config needs the management endpoints")]
    [InlineData("NMFGRID_DISCOVERY=config;NMFGRID_DISCOVERY_ENDPOINTS=a:8558;NMFGRID_DISCOVERY_SELECTOR=app=x", "NMFGRID_DISCOVERY_SELECTOR: a label selector is for NMFGRID_DISCOVERY=kubernetes")]
    [InlineData("NMFGRID_DISCOVERY=kubernetes;NMFGRID_DISCOVERY_SELECTOR=app=x;NMFGRID_DISCOVERY_ENDPOINTS=a:8558", "NMFGRID_DISCOVERY_ENDPOINTS: endpoints are for NMFGRID_DISCOVERY=config")]
    [InlineData("NMFGRID_DISCOVERY=config;NMFGRID_DISCOVERY_ENDPOINTS=http://a:8558", "NMFGRID_DISCOVERY_ENDPOINTS: 'http://a:8558' is not a management endpoint host:port")]
    [InlineData("NMFGRID_DISCOVERY=config;NMFGRID_DISCOVERY_ENDPOINTS=a", "NMFGRID_DISCOVERY_ENDPOINTS: 'a' is not a management endpoint host:port")]
    [InlineData("NMFGRID_DISCOVERY=config;NMFGRID_DISCOVERY_ENDPOINTS=a:8558;NMFGRID_REQUIRED_CONTACT_POINTS=0", "NMFGRID_REQUIRED_CONTACT_POINTS: must be at least 1, got 0")]
    [InlineData("NMFGRID_DISCOVERY=config;NMFGRID_DISCOVERY_ENDPOINTS=a:8558;NMFGRID_REQUIRED_CONTACT_POINTS=two", "NMFGRID_REQUIRED_CONTACT_POINTS: expected an integer, got 'two'")]
    [InlineData("NMFGRID_DISCOVERY=config;NMFGRID_DISCOVERY_ENDPOINTS=a:8558;NMFGRID_MANAGEMENT_PORT=0", "NMFGRID_MANAGEMENT_PORT: 0 is not a port number")]
    [InlineData("NMFGRID_DISCOVERY_SELECTOR=app=x;NMFGRID_MANAGEMENT_PORT=8558", "NMFGRID_DISCOVERY_SELECTOR, NMFGRID_MANAGEMENT_PORT: only used with --discovery (NMFGRID_DISCOVERY)")]
    public void A_bad_discovery_setting_is_named_with_its_variable(string variables, string message)
    {
        var pairs = variables.Split(';').Select(v => v.Split('=', 2)).Select(kv => (kv[0], kv[1])).ToArray();
        var e = Assert.Throws<ClusterSettingsException>(() => ClusterSettings.FromEnvironment(null, null, null, null, 0, Env(pairs), NoDiscoveryOptions));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_bad_discovery_option_is_named_as_the_command_line_option()
    {
        var both = Assert.Throws<ClusterSettingsException>(() => ClusterSettings.FromEnvironment(null, null, null, ["akka.tcp://nmfgrid@c1:4053"], 0, Env(),
            new DiscoveryArguments("config", Endpoints: ["a:8558"])));
        Assert.Contains("--seed and --discovery: join through seed nodes or through discovery, not both", both.Message);
        var unknown = Assert.Throws<ClusterSettingsException>(() => ClusterSettings.FromEnvironment(null, null, null, null, 0, Env(), new DiscoveryArguments("dns")));
        Assert.Contains("--discovery: unknown discovery method 'dns'", unknown.Message);
        var selector = Assert.Throws<ClusterSettingsException>(() => ClusterSettings.FromEnvironment(null, null, null, null, 0, Env(), new DiscoveryArguments("kubernetes")));
        Assert.Contains("--discovery=kubernetes needs the label selector", selector.Message);
        var count = Assert.Throws<ClusterSettingsException>(() => ClusterSettings.FromEnvironment(null, null, null, null, 0, Env(),
            new DiscoveryArguments("config", Endpoints: ["a:8558"], RequiredContactPoints: -1)));
        Assert.Contains("--required-contact-points: must be at least 1, got -1", count.Message);
    }
}
