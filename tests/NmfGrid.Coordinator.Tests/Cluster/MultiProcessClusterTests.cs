using System.Diagnostics;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Tests.Commands;
using NmfGrid.Coordinator.Tests.Grid;
using Npgsql;
using Xunit.Abstractions;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// The cluster as operators run it: `nmfgrid coordinator` ×2 and `nmfgrid node` ×2 as separate processes on
/// loopback, a fresh PostgreSQL database, and `nmfgrid run --cluster` following a real (small) sweep while a
/// node and then the active coordinator are killed with SIGKILL. Runs only when NMFGRID_TEST_POSTGRES is set.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MultiProcessClusterTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-mp-").FullName;
    private readonly NmfgridProcesses _processes = new(Environment.CurrentDirectory);

    public void Dispose()
    {
        _processes.Dispose();
        foreach (var line in _processes.Lines) log.WriteLine(line.ToString());
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Reconstruction on 8 synthetic tracks × 2 ranks: 16 jobs of a second or so each on a busy 2-core machine.</summary>
    private string Benchmark(string database) => TinyBenchmark.Write(_root, database, tracks: 8, maxIter: 60, nFft: 1024, hop: 128);

    private string ResultsCsv() => File.ReadAllText(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single());

    private static string[] Comparable(string csv)
    {
        var header = csv.Split('\n')[0].Split(',');
        var keep = header.Select((name, i) => (name, i))
            .Where(c => c.name is not ("features_s" or "nmf_s" or "task_s" or "total_s" or "host" or "worker" or "attempt"))
            .Select(c => c.i).ToArray();
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => string.Join(",", keep.Select(i => line.Split(',')[i]))).ToArray();
    }

    private Process Start(string tag, params string[] args) => _processes.Start(tag, args);

    /// <summary>With a PostgreSQL connection string in NMFGRID_POSTGRES (nmfgrid refuses a password on its command line).</summary>
    private Process StartOnPostgres(string tag, string postgres, params string[] args) =>
        _processes.Start(tag, new Dictionary<string, string> { ["NMFGRID_POSTGRES"] = postgres }, args);

    private Task WaitForLine(string tag, string start, string what) => _processes.WaitForLine(tag, start, null, what, Patience);

    /// <summary>Jobs done as the run's progress lines say ("[n/16] …").</summary>
    private int Done() => _processes.Lines.Where(l => l.Tag == "client" && !l.Error && l.Text.StartsWith('['))
        .Select(l => int.TryParse(l.Text[1..Math.Max(1, l.Text.IndexOf('/'))], out var n) ? n : 0).DefaultIfEmpty(0).Max();

    [PostgresFact]
    public async Task A_node_and_then_the_active_coordinator_killed_mid_sweep_still_give_the_results_of_an_undisturbed_run()
    {
        // The undisturbed reference: the same sweep on the embedded grid.
        var reference = await RunCommand.Run(Benchmark("reference.db"), [], multirun: true, planOnly: false, new StringWriter(), new StringWriter(), CancellationToken.None);
        Assert.Equal(0, reference);
        var expected = Comparable(ResultsCsv());
        Directory.Delete(Path.Combine(_root, "outputs"), recursive: true);

        // A database of its own, so the coordinators' log holds this sweep only.
        var admin = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString!);
        var database = "nmfgrid_mp_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", connection).ExecuteNonQueryAsync();
        }
        var postgres = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database }.ConnectionString;
        try
        {
            var (p1, p2) = (LoopbackPort.Free(), LoopbackPort.Free());
            var seeds = new[] { $"akka.tcp://nmfgrid@127.0.0.1:{p1}", $"akka.tcp://nmfgrid@127.0.0.1:{p2}" };
            var c1 = StartOnPostgres("c1", postgres, "coordinator", "--host", "127.0.0.1", "--port", $"{p1}");
            await WaitForLine("c1", "Coordinator member", "the first coordinator");
            StartOnPostgres("c2", postgres, "coordinator", "--host", "127.0.0.1", "--port", $"{p2}", "--seed", seeds[0]);
            await WaitForLine("c2", "Coordinator member", "the second coordinator");
            var n1 = Start("n1", "node", "--host", "127.0.0.1", "--seed", seeds[0], "--seed", seeds[1], "--workers", "1", "--blas", "managed", "--cache-dir", Path.Combine(_root, "n1"));
            Start("n2", "node", "--host", "127.0.0.1", "--seed", seeds[0], "--seed", seeds[1], "--workers", "1", "--blas", "managed", "--cache-dir", Path.Combine(_root, "n2"));
            await WaitForLine("n1", "Node ", "the first node");
            await WaitForLine("n2", "Node ", "the second node");

            var client = Start("client", "run", Benchmark("unused.db"), "-m", "--cluster", seeds[1]);
            var deadline = DateTime.UtcNow + Patience;
            while (Done() < 2 && DateTime.UtcNow < deadline && !client.HasExited) await Task.Delay(100);
            n1.Kill(); // SIGKILL, mid-job
            _processes.Note("killed n1");
            while (Done() < 7 && DateTime.UtcNow < deadline && !client.HasExited) await Task.Delay(100);
            Assert.False(client.HasExited, "the sweep finished before the coordinator could be killed");
            c1.Kill(); // the oldest coordinator: the one hosting the singleton
            _processes.Note("killed c1");

            await client.WaitForExitAsync().WaitAsync(Patience);
            Assert.Equal(0, client.ExitCode);
            Assert.Equal(expected, Comparable(ResultsCsv()));
            Assert.All(ResultsCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..], row => Assert.Contains(",succeeded,", row));
        }
        finally
        {
            _processes.KillAll();
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
    }
}
