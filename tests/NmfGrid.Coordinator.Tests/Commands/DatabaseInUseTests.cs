using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// Two nmfgrid processes on one SQLite database: the second stops before it writes anything, the first is not
/// disturbed, and a killed holder leaves nothing locked. Real child processes (`dotnet exec nmfgrid.dll run`),
/// driven by their output lines and by signals, never by how long anything takes.
/// </summary>
public sealed class DatabaseInUseTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3); // only a guard against a hung child

    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-inuse-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SigCont = 18;
    private const int SigStop = 19;

    [Fact]
    public async Task A_second_run_on_a_held_database_exits_2_naming_it_and_the_first_finishes_every_job()
    {
        var config = TinyBenchmark.Write(_root, "shared.db"); // 6 jobs, 2 workers
        var database = Path.Combine(_root, "shared.db");
        await using var first = Child.Run(config);
        await first.WaitFor(line => line.StartsWith("Grid:", StringComparison.Ordinal)); // printed once the grid holds the database

        // Freeze the first run, so that it holds the database for as long as the second takes, however fast either is.
        Assert.Equal(0, kill(first.Id, SigStop));
        await first.Stopped();
        var before = DatabaseFiles();

        await using var second = Child.Run(config);
        Assert.Equal(2, await second.Exit());
        Assert.Equal([$"run: run.database: {database} is in use by another nmfgrid process (pid {first.Id}); wait for it or give another run.database"],
                     second.Errors);
        Assert.Equal(before, DatabaseFiles()); // it wrote nothing: not the journal, the snapshots, the results, nor their WAL files

        Assert.Equal(0, kill(first.Id, SigCont));
        Assert.True(await first.Exit() == 0, first.Log);
        Assert.Contains("Report: ", first.Log);
        var rows = File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single())[1..];
        Assert.Equal(6, rows.Count(r => r.Contains(",succeeded,")));
        Assert.Equal(6, rows.Length);
        Assert.All((await StoredSweeps.Ledger(database)).Jobs, j => Assert.Equal("Succeeded", j.Status));
    }

    [Fact]
    public async Task After_a_run_is_killed_the_next_run_on_its_database_starts_and_resumes_its_sweep()
    {
        var config = TinyBenchmark.Write(_root, "killed.db", tracks: 4, maxIter: 100, workers: 1, nFft: 1024, hop: 128); // 8 jobs
        var database = Path.Combine(_root, "killed.db");
        await using (var killed = Child.Run(config))
        {
            // Killed as soon as it reports a finished job: mid-sweep, holding the database.
            await killed.WaitFor(line => line.StartsWith('[') && !line.StartsWith("[0/", StringComparison.Ordinal));
            killed.Kill(); // SIGKILL: no handler runs; the lock goes with the process
            Assert.Equal(137, await killed.Exit());
        }
        Assert.True(File.Exists(database + ".lock"));
        Assert.True(File.Exists(database + ".pid")); // stale: names a process that is gone

        // Whatever the killed run had stored is what the next run must reuse (the last result may not have been).
        var stored = await StoredSweeps.Ledger(database);
        Assert.Single(stored.Sweeps);
        var finishedBefore = stored.Jobs.Where(j => j.Status == "Succeeded").ToDictionary(j => j.Spec.JobId, j => j.Result!.Timings.Total);
        Assert.True(finishedBefore.Count < 8, $"{finishedBefore.Count} of 8 finished before the kill");

        await using var next = Child.Run(config);
        Assert.True(await next.Exit() == 0, next.Log);
        Assert.Empty(next.Errors);
        if (finishedBefore.Count > 0)
        {
            Assert.Contains($"Reusing {finishedBefore.Count} of 8 jobs finished by an earlier run.", next.Log);
        }
        var after = await StoredSweeps.Ledger(database);
        Assert.Equal(8, after.Jobs.Count(j => j.Status == "Succeeded"));
        Assert.All(finishedBefore, f => Assert.Equal(f.Value, after.Jobs.Single(j => j.Spec.JobId == f.Key).Result!.Timings.Total));
        Assert.False(File.Exists(database + ".pid")); // a run that ends removes its own
    }

    [Fact]
    public async Task A_report_on_a_held_database_is_written_from_the_log_and_leaves_the_results_table_to_the_holder()
    {
        var config = TinyBenchmark.Write(_root, "outputs/nmfgrid.db");
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(await RunCommand.Run(config, [], multirun: true, planOnly: false, output, error, CancellationToken.None) == 0, $"{error}{output}");
        var database = Path.Combine(_root, "outputs", "nmfgrid.db");
        var folder = Path.GetDirectoryName(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single())!;
        var store = ResultsStore.Open(GridPersistenceOptions.Sqlite(database));
        store.Clear();
        File.Delete(Path.Combine(folder, "summary.md"));

        // A holder (a run in another process, as far as the report can tell): the report files come from the log,
        // the table is not rebuilt under the holder's projector.
        using (SqliteDatabaseLock.Claim(database, "run.database"))
        {
            var held = new StringWriter();
            Assert.Equal(0, await Report(Path.GetFileName(folder), database, held));
            Assert.Equal($"note: {database} is in use by another nmfgrid process (pid {Environment.ProcessId}): the report shows the log as it stands, " +
                         "and the results table is left to that process", held.ToString().Trim());
            Assert.True(File.Exists(Path.Combine(folder, "summary.md")));
            Assert.Empty(store.Rows());
        }

        // Free again: the report rebuilds the table too.
        var free = new StringWriter();
        Assert.Equal(0, await Report(Path.GetFileName(folder), database, free));
        Assert.Equal("", free.ToString());
        Assert.Equal(6, store.Rows().Count(r => r.Status == "succeeded"));
    }

    private static Task<int> Report(string sweepId, string database, TextWriter error) =>
        Program.Build().Parse(["report", sweepId, "--database", database])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

    /// <summary>Name, length and last write of every file of the event log (journal, snapshots, results, their -wal/-shm).</summary>
    private string[] DatabaseFiles() => Directory.GetFiles(_root, "shared.*")
        .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal) && !f.EndsWith(".pid", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")
        .ToArray();

    /// <summary>A child `nmfgrid run CONFIG -m`; its lines arrive on their own threads, so a silent child never blocks the test.</summary>
    private sealed class Child : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly ConcurrentQueue<string> _errors = new();

        private Child(Process process) => _process = process;

        public static Child Run(string config)
        {
            var nmfgrid = BuiltNmfgrid.Dll;
            var child = new Child(new Process
            {
                StartInfo = new ProcessStartInfo("dotnet", ["exec", nmfgrid, "run", config, "-m"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                },
            });
            child._process.OutputDataReceived += (_, e) => { if (e.Data is not null) child._lines.Enqueue(e.Data); };
            child._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    child._lines.Enqueue("stderr: " + e.Data);
                    child._errors.Enqueue(e.Data);
                }
            };
            child._process.Start();
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        public int Id => _process.Id;

        public bool HasExited => _process.HasExited;

        public string Log => string.Join("\n", _lines);

        public string[] Errors => _errors.Where(e => e.Length > 0).ToArray();

        public async Task WaitFor(Func<string, bool> line)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!_lines.Any(line))
            {
                Assert.False(_process.HasExited, "the child ended first:\n" + Log);
                Assert.True(DateTime.UtcNow < deadline, "no such line within 3 minutes:\n" + Log);
                await Task.Delay(20);
            }
        }

        /// <summary>Waits until every thread of the child is stopped (state T), so that it can do nothing more until SIGCONT.</summary>
        public async Task Stopped()
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!Directory.GetDirectories($"/proc/{Id}/task").All(IsStopped))
            {
                Assert.True(DateTime.UtcNow < deadline, "the child did not stop on SIGSTOP");
                await Task.Delay(20);
            }
        }

        private static bool IsStopped(string task)
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
            }
            catch (IOException)
            {
                return true; // a thread that ended meanwhile
            }
        }

        public void Kill() => _process.Kill();

        public async Task<int> Exit()
        {
            var exited = _process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(Patience)) != exited)
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail("the child did not end within 3 minutes:\n" + Log);
            }
            await _process.WaitForExitAsync(); // drains the output events
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true); // a failed test must not leave a (stopped) child behind
                kill(_process.Id, SigCont);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
