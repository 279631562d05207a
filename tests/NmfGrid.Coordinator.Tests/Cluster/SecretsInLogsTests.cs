using System.Collections.Concurrent;
using System.Diagnostics;
using NmfGrid.Coordinator.Tests.Commands;
using NmfGrid.Coordinator.Tests.Grid;
using Npgsql;
using Xunit.Abstractions;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// No secret in any log, error or `ps` line: a whole cluster as separate processes (`nmfgrid certificate`, a coordinator,
/// a node, `run --cluster`) with mutual TLS on a password-protected certificate and, when NMFGRID_TEST_POSTGRES is set,
/// a PostgreSQL journal reached with a password; then coordinators that must refuse to start (a wrong certificate
/// password, a password on the command line, a malformed and an unreachable connection string, each holding a secret).
/// Every line of every process's stdout and stderr, every command line while it runs, and the report files are searched
/// for every secret. Without PostgreSQL the journal is SQLite and the certificate's passwords are still checked.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SecretsInLogsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-secrets-").FullName;
    private readonly NmfgridProcesses _processes;
    private readonly ConcurrentQueue<string> _commandLines = new();
    private readonly ITestOutputHelper _log;

    public SecretsInLogsTests(ITestOutputHelper log)
    {
        _log = log;
        _processes = new NmfgridProcesses(_root);
    }

    public void Dispose()
    {
        _processes.Dispose();
        foreach (var line in _processes.Lines) _log.WriteLine(line.ToString());
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>`dotnet exec nmfgrid.dll ARGS` with extra environment variables, its command line recorded.</summary>
    private Process Start(string tag, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = _processes.Start(tag, environment, args);
        RecordCommandLine(process);
        return process;
    }

    private string Output(Func<OutputLine, bool> which) => string.Join('\n', _processes.Lines.Where(which));

    /// <summary>What `ps` shows of a running process: its /proc command line (NUL-separated words).</summary>
    private void RecordCommandLine(Process process)
    {
        try
        {
            _commandLines.Enqueue(File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' '));
        }
        catch (IOException)
        {
            // already gone: its arguments are the ones given above
        }
        _commandLines.Enqueue(string.Join(' ', process.StartInfo.ArgumentList));
    }

    private Task WaitForLine(string tag, string start, Process process, string what) => _processes.WaitForLine(tag, start, process, what, Patience);

    /// <summary>A member asked to leave (SIGTERM), so what it logs while stopping is read too.</summary>
    private static async Task Stop(Process process)
    {
        if (process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>A coordinator that must refuse to start: exit code 2, its error line returned.</summary>
    private async Task<string> Refused(string tag, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = Start(tag, environment, ["coordinator", "--host", "127.0.0.1", "--port", "0", .. args]);
        await process.WaitForExitAsync().WaitAsync(Patience);
        process.WaitForExit(); // the output's last lines
        Assert.True(2 == process.ExitCode, $"{tag}: exit code {process.ExitCode}, expected 2:\n{Output(l => l.Tag == tag)}");
        return Output(l => l.Tag == tag && l.Error);
    }

    [Fact]
    public async Task No_password_appears_in_the_output_or_command_lines_of_a_TLS_cluster_run_nor_of_the_refusals()
    {
        var secrets = new List<string>();
        var tls = Path.Combine(_root, "tls");
        var certificate = Start("certificate", new Dictionary<string, string>(),
            "certificate", "--out", Path.Combine(tls, "cluster.pfx"), "--password-file", Path.Combine(tls, "password"));
        await certificate.WaitForExitAsync().WaitAsync(Patience);
        Assert.Equal(0, certificate.ExitCode);
        var tlsPassword = File.ReadAllText(Path.Combine(tls, "password")).Trim();
        secrets.Add(tlsPassword);
        var member = new Dictionary<string, string>
        {
            ["NMFGRID_TLS_CERT"] = Path.Combine(tls, "cluster.pfx"),
            ["NMFGRID_TLS_PASSWORD"] = tlsPassword,
        };

        // The journal: PostgreSQL with a password when CI has one, else SQLite.
        string? database = null;
        NpgsqlConnectionStringBuilder? admin = null;
        var coordinator = new Dictionary<string, string>
        {
            ["NMFGRID_TLS_CERT"] = Path.Combine(tls, "cluster.pfx"),
            ["NMFGRID_TLS_PASSWORD_FILE"] = Path.Combine(tls, "password"),
        };
        string[] journal = ["--database", Path.Combine(_root, "journal.db")];
        if (PostgresFactAttribute.ConnectionString is { Length: > 0 } connectionString)
        {
            admin = new NpgsqlConnectionStringBuilder(connectionString);
            database = "nmfgrid_secrets_" + Guid.NewGuid().ToString("N")[..12];
            await using (var connection = new NpgsqlConnection(admin.ConnectionString))
            {
                await connection.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE {database}", connection).ExecuteNonQueryAsync();
            }
            coordinator["NMFGRID_POSTGRES"] = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database }.ConnectionString;
            journal = [];
            if (admin.Password is { Length: > 0 } pgPassword) secrets.Add(pgPassword);
        }
        try
        {
            var port = LoopbackPort.Free();
            var seed = $"akka.tcp://nmfgrid@127.0.0.1:{port}";
            var c1 = Start("c1", coordinator, ["coordinator", "--host", "127.0.0.1", "--port", $"{port}", .. journal]);
            await WaitForLine("c1", "Coordinator member", c1, "the coordinator");
            var n1 = Start("n1", member, "node", "--host", "127.0.0.1", "--seed", seed, "--workers", "1", "--blas", "managed", "--cache-dir", Path.Combine(_root, "n1"));
            await WaitForLine("n1", "Node ", n1, "the node");
            var bench = TinyBenchmark.Write(_root, "unused.db", tracks: 2, maxIter: 10);
            var client = Start("client", member, "run", bench, "-m", "--cluster", seed);
            await client.WaitForExitAsync().WaitAsync(Patience);
            client.WaitForExit();
            Assert.True(client.ExitCode == 0, $"run --cluster exited {client.ExitCode}:\n{_processes.Transcript()}");
            Assert.Contains(_processes.Lines, l => l.Tag == "c1" && !l.Error && l.Text.Contains("akka.ssl.tcp://nmfgrid@127.0.0.1"));
            RecordCommandLine(c1);
            RecordCommandLine(n1);
            await Stop(n1);
            await Stop(c1);

            // Refusals, each with a secret of its own where it could leak.
            secrets.Add("wrong-tls-password-4f1d");
            var wrongPassword = await Refused("c-wrong-tls", new Dictionary<string, string>(coordinator) { ["NMFGRID_TLS_PASSWORD"] = "wrong-tls-password-4f1d" },
                                              "--database", Path.Combine(_root, "wrong.db"));
            Assert.Contains("NMFGRID_TLS_PASSWORD", wrongPassword);
            // This one is on the command line the test gives (that is what is refused): searched for in the output only.
            var onCommandLine = await Refused("c-argv", coordinator, "--postgres", "Host=127.0.0.1;Username=u;Password=command-line-password-8c2e");
            Assert.Contains("NMFGRID_POSTGRES", onCommandLine);
            secrets.Add("malformed-password-77a0");
            await Refused("c-malformed", new Dictionary<string, string>(coordinator) { ["NMFGRID_POSTGRES"] = "Host=127.0.0.1;Port=malformed-password-77a0;Password=x" });
            secrets.Add("malformed-password-91b3");
            await Refused("c-malformed-2", new Dictionary<string, string>(coordinator) { ["NMFGRID_POSTGRES"] = "Host=127.0.0.1;Password=ab;malformed-password-91b3" });
            secrets.Add("unreachable-password-3d5c");
            var unreachable = await Refused("c-unreachable", new Dictionary<string, string>(coordinator)
                { ["NMFGRID_POSTGRES"] = $"Host=127.0.0.1;Port={LoopbackPort.Free()};Username=u;Password=unreachable-password-3d5c;Timeout=5" });
            Assert.Contains("cannot be used", unreachable);
        }
        finally
        {
            _processes.KillAll();
            if (admin is not null)
            {
                await using var connection = new NpgsqlConnection(admin.ConnectionString);
                await connection.OpenAsync();
                await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection).ExecuteNonQueryAsync();
            }
        }

        var reports = Directory.GetFiles(Path.Combine(_root, "outputs"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".csv" or ".json" or ".md").Select(f => (Where: f, Text: File.ReadAllText(f))).ToList();
        Assert.NotEmpty(reports);
        var everything = _processes.Lines.Select(l => (Where: "output", Text: $"{l.Tag}{(l.Error ? "!" : ":")} {l.Text}"))
            .Concat(_commandLines.Select(c => (Where: "command line", Text: c)))
            .Concat(reports).ToList();
        foreach (var secret in secrets)
        foreach (var (where, text) in everything)
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"a secret appears in {where}: {text}");
        Assert.DoesNotContain(_processes.Lines, l => l.Text.Contains("command-line-password-8c2e", StringComparison.OrdinalIgnoreCase));
    }
}
