using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// Secure by default: a member that would listen on, advertise or join a non-loopback address in plain TCP refuses to
/// start and names the fix; loopback needs no certificate; --insecure starts with a warning. The certificate's password
/// and a PostgreSQL password never come from the command line.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TransportSecurityTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-transport-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("127.0.0.1", null, "akka.tcp://nmfgrid@127.0.0.1:4053")]
    [InlineData("127.8.9.10", "127.8.9.10", "akka.tcp://nmfgrid@127.0.0.2:4053")]
    [InlineData("::1", null, "akka.tcp://nmfgrid@localhost:4053")]
    [InlineData("localhost", "localhost", null)]
    public void Loopback_only_members_need_no_certificate(string host, string? publicHost, string? seed)
    {
        var settings = new ClusterSettings { Host = host, PublicHost = publicHost, Seeds = seed is null ? [] : [seed] };
        Assert.Null(settings.CheckTransport());
    }

    [Theory]
    [InlineData("0.0.0.0", null, null, "listens on 0.0.0.0")]
    [InlineData("10.0.0.5", null, null, "listens on 10.0.0.5")]
    [InlineData("127.0.0.1", "coord1.grid.example", null, "is reached as coord1.grid.example")]
    [InlineData("127.0.0.1", null, "akka.tcp://nmfgrid@10.0.0.7:4053", "joins through akka.tcp://nmfgrid@10.0.0.7:4053")]
    [InlineData("127.0.0.1", null, "akka.tcp://nmfgrid@coordinator:4053", "joins through akka.tcp://nmfgrid@coordinator:4053")]
    public void A_member_reachable_off_loopback_without_TLS_refuses_to_start_and_names_the_fix(string host, string? publicHost, string? seed, string exposure)
    {
        var settings = new ClusterSettings { Host = host, PublicHost = publicHost, Seeds = seed is null ? [] : [seed] };
        var e = Assert.Throws<ClusterSettingsException>(settings.CheckTransport);
        Assert.Contains(exposure, e.Message);
        Assert.Contains("without TLS", e.Message);
        Assert.Contains("NMFGRID_TLS_CERT", e.Message);
        Assert.Contains("--insecure", e.Message);

        var warning = (settings with { Insecure = true }).CheckTransport();
        Assert.NotNull(warning);
        Assert.Contains(exposure, warning);
        Assert.Null((settings with { TlsCertificate = "cluster.pfx" }).CheckTransport());
    }

    [Fact]
    public void With_discovery_the_listening_address_and_the_listed_contact_points_decide()
    {
        var kubernetes = new ClusterDiscovery { Method = ClusterDiscoveryMethod.Kubernetes, PodLabelSelector = "a=b" };
        Assert.Throws<ClusterSettingsException>(new ClusterSettings { Host = "0.0.0.0", Discovery = kubernetes }.CheckTransport);
        var local = new ClusterDiscovery { Method = ClusterDiscoveryMethod.Config, Endpoints = ["127.0.0.1:8558", "[::1]:8559"] };
        Assert.Null(new ClusterSettings { Host = "127.0.0.1", Discovery = local }.CheckTransport());
        var remote = local with { Endpoints = ["127.0.0.1:8558", "10.0.0.9:8558"] };
        var e = Assert.Throws<ClusterSettingsException>(new ClusterSettings { Host = "127.0.0.1", Discovery = remote }.CheckTransport);
        Assert.Contains("10.0.0.9:8558", e.Message);
    }

    [Fact]
    public void With_no_host_given_a_member_of_loopback_seeds_listens_on_loopback_and_any_other_on_every_interface()
    {
        Assert.Equal("127.0.0.1", ClusterSettings.FromEnvironment(null, null, 0, ["akka.tcp://nmfgrid@127.0.0.1:4053"], 0, Env()).Host);
        Assert.Equal("0.0.0.0", ClusterSettings.FromEnvironment(null, null, 0, ["akka.tcp://nmfgrid@10.0.0.7:4053"], 0, Env()).Host);
        Assert.Equal("0.0.0.0", ClusterSettings.FromEnvironment(null, null, 4053, [], 4053, Env()).Host);
        Assert.Equal("10.1.1.1", ClusterSettings.FromEnvironment(null, null, 0, ["akka.tcp://nmfgrid@127.0.0.1:4053"], 0, Env(("NMFGRID_HOST", "10.1.1.1"))).Host);
    }

    [Fact]
    public void Seeds_take_the_scheme_of_the_transport()
    {
        var settings = new ClusterSettings { Seeds = ["akka.tcp://nmfgrid@c1:4053", "akka.ssl.tcp://nmfgrid@c2:4053"] };
        Assert.Equal(["akka.tcp://nmfgrid@c1:4053", "akka.tcp://nmfgrid@c2:4053"], settings.TransportSeeds());
        Assert.Equal(["akka.ssl.tcp://nmfgrid@c1:4053", "akka.ssl.tcp://nmfgrid@c2:4053"], (settings with { TlsCertificate = "x.pfx" }).TransportSeeds());
    }

    [Fact]
    public void The_certificate_password_can_come_from_a_file_and_a_missing_file_is_named()
    {
        var file = Path.Combine(_root, "password");
        File.WriteAllText(file, "from-the-file\n");
        Assert.Equal("from-the-file", ClusterSettings.FromEnvironment(null, null, 0, [], 0, Env(("NMFGRID_TLS_PASSWORD_FILE", file))).TlsPassword);
        Assert.Equal("wins", ClusterSettings.FromEnvironment(null, null, 0, [], 0,
            Env(("NMFGRID_TLS_PASSWORD_FILE", file), ("NMFGRID_TLS_PASSWORD", "wins"))).TlsPassword);
        var e = Assert.Throws<ClusterSettingsException>(() => ClusterSettings.FromEnvironment(null, null, 0, [], 0,
            Env(("NMFGRID_TLS_PASSWORD_FILE", "/nonexistent/password"))));
        Assert.Contains("NMFGRID_TLS_PASSWORD_FILE: password file '/nonexistent/password' does not exist", e.Message);
    }

    private static async Task<(int Code, string Output, string Error)> Invoke(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await Program.Build().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error })
            .WaitAsync(TimeSpan.FromMinutes(2)); // a member that started would run until stopped
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Every_cluster_command_refuses_plain_TCP_off_loopback_before_it_starts()
    {
        var database = Path.Combine(_root, "journal.db");
        var coordinator = await Invoke("coordinator", "--database", database, "--port", "0");
        Assert.Equal(2, coordinator.Code);
        Assert.StartsWith("coordinator: this member listens on 0.0.0.0 without TLS", coordinator.Error);
        var node = await Invoke("node", "--seed", "akka.tcp://nmfgrid@10.255.255.1:4053", "--workers", "1", "--blas", "managed", "--cache-dir", _root);
        Assert.Equal(2, node.Code);
        Assert.Contains("joins through akka.tcp://nmfgrid@10.255.255.1:4053 without TLS", node.Error);
        var status = await Invoke("status", "--cluster", "akka.tcp://nmfgrid@10.255.255.1:4053");
        Assert.Equal(2, status.Code);
        Assert.Contains("--insecure", status.Error);
        // Refused before the sweep is planned: the config does not even exist.
        var run = await Invoke("run", Path.Combine(_root, "absent.yaml"), "--cluster", "akka.tcp://nmfgrid@10.255.255.1:4053");
        Assert.Equal(2, run.Code);
        Assert.Contains("NMFGRID_TLS_CERT", run.Error);
    }

    [Fact]
    public async Task An_insecure_member_off_loopback_starts_and_one_with_the_certificate_needs_no_flag()
    {
        await using var insecure = await ClusterMember.StartCoordinator(
            new ClusterSettings { Host = "0.0.0.0", PublicHost = "127.0.0.1", Insecure = true, ExtraHocon = ClusterTestbed.TestHocon },
            GridPersistenceOptions.Sqlite(Path.Combine(_root, "a.db")), logLevel: Microsoft.Extensions.Logging.LogLevel.Error);
        await insecure.WaitUntilUp(ClusterTestbed.JoinPatience);

        var pfx = Path.Combine(_root, "cluster.pfx");
        using (var certificate = ClusterCertificate.CreateSelfSigned("nmfgrid-cluster", TimeSpan.FromDays(1)))
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "pw"));
        await using var secure = await ClusterMember.StartCoordinator(
            new ClusterSettings { Host = "0.0.0.0", PublicHost = "127.0.0.1", TlsCertificate = pfx, TlsPassword = "pw", ExtraHocon = ClusterTestbed.TestHocon },
            GridPersistenceOptions.Sqlite(Path.Combine(_root, "b.db")), logLevel: Microsoft.Extensions.Logging.LogLevel.Error);
        await secure.WaitUntilUp(ClusterTestbed.JoinPatience);
        Assert.Equal("akka.ssl.tcp", secure.Cluster.SelfAddress.Protocol);

        await Assert.ThrowsAsync<ClusterSettingsException>(() => ClusterMember.StartCoordinator(
            new ClusterSettings { Host = "0.0.0.0", ExtraHocon = ClusterTestbed.TestHocon },
            GridPersistenceOptions.Sqlite(Path.Combine(_root, "c.db")), logLevel: Microsoft.Extensions.Logging.LogLevel.Error));
    }

    [Fact]
    public async Task An_insecure_coordinator_process_on_every_interface_starts_and_warns_once()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet",
            ["exec", BuiltNmfgrid.Dll, "coordinator", "--database", Path.Combine(_root, "p.db"), "--port", "0", "--insecure"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = new System.Diagnostics.Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lines.Enqueue(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lines.Enqueue(line); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            // Up (the singleton is placed only once the member is Up), and the warning logged.
            while (!(lines.Any(l => l.Contains("Singleton identified")) && lines.Any(l => l.Contains("--insecure:"))))
            {
                Assert.False(process.HasExited, $"the coordinator ended:\n{string.Join('\n', lines)}");
                Assert.True(DateTime.UtcNow < deadline, $"no warning and start within 2 minutes:\n{string.Join('\n', lines)}");
                await Task.Delay(100);
            }
            var warning = Assert.Single(lines, l => l.Contains("--insecure:"));
            Assert.Contains("listens on 0.0.0.0 in plain TCP", warning);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void A_password_in_the_coordinators_postgres_option_is_refused_without_showing_it()
    {
        var e = Assert.Throws<GridDatabaseException>(() => CoordinatorCommand.Persistence(null, "Host=pg;Username=u;Password=hunter2-secret", Env()));
        Assert.Contains("--postgres", e.Message);
        Assert.Contains("NMFGRID_POSTGRES", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
        // Malformed, yet visibly holding a password: refused too.
        Assert.Throws<GridDatabaseException>(() => CoordinatorCommand.Persistence(null, "Host=pg;Password=hunter2;oops", Env()));
        // No password in it (PGPASSWORD or a Passfile supply one), or the connection string in the environment: accepted.
        Assert.Equal(GridDatabaseProvider.Postgres, CoordinatorCommand.Persistence(null, "Host=pg;Username=u;Passfile=/etc/nmfgrid/pgpass", Env()).Provider);
        Assert.Equal(GridDatabaseProvider.Postgres, CoordinatorCommand.Persistence(null, null, Env(("NMFGRID_POSTGRES", "Host=pg;Password=p"))).Provider);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Password=ab;hunter2-a")]
    [InlineData("Host=127.0.0.1;Password=ab;hunter2-b=1")]
    [InlineData("Host=127.0.0.1;Port=hunter2-c;Password=p")]
    public void A_malformed_connection_string_is_named_without_any_part_of_it(string connectionString)
    {
        var e = Assert.Throws<GridDatabaseException>(() => PostgresDatabase.Check(connectionString));
        Assert.Contains("malformed", e.Message);
        // The host logs the whole chain of a start-up failure: no inner exception may quote the text either.
        Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", GridPersistenceOptions.Postgres("Host=h;Password=hunter2").ToString());
    }
}
