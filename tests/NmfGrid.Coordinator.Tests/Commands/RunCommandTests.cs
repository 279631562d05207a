using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// `nmfgrid run` end to end on a small synthetic corpus: real audio files, the real pipeline, the embedded grid on
/// a real SQLite file. One sweep is shared by the tests that only read its outputs.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A benchmark folder: reconstruction on 3 synthetic MUSDB18-HQ tracks, a 2-point rank sweep.</summary>
    private string Benchmark(string database = "outputs/nmfgrid.db", int tracks = 3, int maxIter = 30, int workers = 2, int nFft = 512, int hop = 256) =>
        TinyBenchmark.Write(_root, database, tracks, maxIter, workers, nFft, hop);

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(args[0], args[1..], multirun: true, planOnly: false, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private string ResultsCsv() => File.ReadAllText(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single());

    /// <summary>results.csv without the columns that legitimately differ between runs (timings, host, worker, attempt).</summary>
    private static string[] Comparable(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
    {
        var cells = line.Split(',');
        var header = csv.Split('\n')[0].Split(',');
        var keep = header.Select((name, i) => (name, i))
            .Where(c => c.name is not ("features_s" or "nmf_s" or "task_s" or "total_s" or "host" or "worker" or "attempt"))
            .Select(c => c.i);
        return string.Join(",", keep.Select(i => cells[i]));
    }).ToArray();

    [Fact]
    public async Task A_sweep_runs_every_job_and_writes_its_report()
    {
        var (code, output, error) = await Run(Benchmark());
        Assert.True(code == 0, error + output);
        Assert.Contains("2 configurations × tracks = 6 jobs", output);
        var csv = ResultsCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, csv.Length);
        Assert.All(csv[1..], row => Assert.Contains(",succeeded,", row));
        Assert.StartsWith("sweep,job,point,configuration,algorithm.rank,track,status,attempt,loss,relative_error,snr_db,sparsity_h", csv[0]);
        var folder = Path.GetDirectoryName(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single())!;
        Assert.True(File.Exists(Path.Combine(folder, "results.json")));
        Assert.Contains("## reconstruction, ranked by relative_error", File.ReadAllText(Path.Combine(folder, "summary.md")));
        Assert.Contains(Path.Combine("reconstruction", "musdb18hq"), folder);
        // The plots are written next to summary.md and their paths printed; every job has its row in the results table.
        foreach (var plot in new[] { "reconstruction-relative_error.png", "reconstruction-relative_error-cd.png", "reconstruction-loss.png", "reconstruction-W.png", "reconstruction-H.png" })
        {
            Assert.Contains($"Plot:   {Path.Combine(folder, plot)}", output);
        }
        var database = Path.Combine(_root, "outputs", "nmfgrid.db");
        var store = ResultsStore.Open(GridPersistenceOptions.Sqlite(database));
        Assert.Equal(6, store.Rows().Count(r => r.Status == "succeeded"));

        // `nmfgrid report` rebuilds the plots and the table.
        foreach (var png in Directory.GetFiles(folder, "*.png"))
        {
            File.Delete(png);
        }
        store.Clear();
        var sweepId = Path.GetFileName(folder);
        Assert.Equal(0, await Program.Build().Parse(["report", sweepId, "--database", database]).InvokeAsync());
        Assert.Equal(5, Directory.GetFiles(folder, "*.png").Length);
        Assert.Equal(6, store.Rows().Count(r => r.Status == "succeeded"));

        // The same sweep again reuses every result and recomputes nothing.
        var again = await Run(Benchmark());
        Assert.Equal(0, again.Code);
        Assert.Contains("Reusing 6 of 6 jobs", again.Output);
        Assert.Equal(Comparable(string.Join("\n", csv)), Comparable(ResultsCsv()));
    }

    [Fact]
    public async Task The_same_sweep_in_a_fresh_database_gives_identical_results()
    {
        var first = await Run(Benchmark("first.db"));
        Assert.Equal(0, first.Code);
        var csv = ResultsCsv();
        Directory.Delete(Path.Combine(_root, "outputs"), recursive: true);
        var second = await Run(Benchmark("second.db"));
        Assert.Equal(0, second.Code);
        Assert.Equal(Comparable(csv), Comparable(ResultsCsv()));
    }

    [Fact]
    public async Task A_corrupt_track_fails_alone_and_the_sweep_finishes()
    {
        Benchmark();
        var plan = await Run(Benchmark()); // generates the corpus and runs once
        Assert.Equal(0, plan.Code);
        var mixture = Directory.GetFiles(Path.Combine(_root, "data"), "mixture.wav", SearchOption.AllDirectories).Order().First();
        File.WriteAllBytes(mixture, File.ReadAllBytes(mixture)[..60]); // truncated: header only
        var (code, output, error) = await Run(Benchmark("other.db"));
        Assert.True(code == 0, error + output);
        Assert.Contains("dataset problem", error);
        var rows = ResultsCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(2, rows.Count(r => r.Contains(",failed,")));
        Assert.Equal(4, rows.Count(r => r.Contains(",succeeded,")));
        Assert.True(rows.First(r => r.Contains(",failed,")).Contains("mixture.wav"), rows.First(r => r.Contains(",failed,")));
    }

    [Fact]
    public async Task A_test_only_MUSDB18_HQ_download_is_a_note_when_planning_not_a_dataset_problem()
    {
        // One synthetic track goes to test/; without the empty train/ folder the corpus is a test-only download.
        var data = Path.Combine(_root, "data", "musdb18hq");
        new NmfGrid.Tasks.Datasets.MusdbSynth().Write(data, new NmfGrid.Tasks.Datasets.Synthetic.SynthesisOptions(Tracks: 1, Duration: 4));
        Directory.Delete(Path.Combine(data, "train"));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(Benchmark(tracks: 1), [], multirun: true, planOnly: true, output, error, CancellationToken.None);
        Assert.True(code == 0, $"{error}{output}");
        Assert.Contains("2 configurations × tracks = 2 jobs", output.ToString());
        Assert.DoesNotContain("dataset problem", error.ToString());
        Assert.Contains($"note: dataset musdb18hq: {Path.Combine(data, "train")}: subset folder not found", error.ToString());
    }

    [Theory]
    [InlineData("algorithm.rank=0", "algorithm.rank: must be positive")]
    [InlineData("algorithm.name=nope", "Unknown NMF algorithm 'nope'")]
    [InlineData("+task.bogus=1", "task.bogus: unknown setting")]
    [InlineData("task.n_fft=abc", "task.n_fft: expected an integer")]
    [InlineData("algorithm.rnak=3", "no key 'algorithm.rnak'")]
    [InlineData("algorithm.name=cp_mu", "algorithm.name: 'cp_mu' factorises a 3-way tensor, but task 'reconstruction'")]
    public async Task Config_errors_stop_the_sweep_before_any_job_and_name_the_key(string bad, string message)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(Benchmark(), [bad], multirun: true, planOnly: false, output, error, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString());
        Assert.False(File.Exists(Path.Combine(_root, "outputs", "nmfgrid.db")));
    }

    [Fact]
    public async Task A_missing_dataset_folder_is_named()
    {
        Benchmark();
        TinyBenchmark.WriteFile(_root, "dataset/tiny.yaml", "name: maps\nroot: /nonexistent/maps\n");
        var error = new StringWriter();
        var code = await RunCommand.Run(Path.Combine(_root, "bench", "bench.yaml"), [], true, false, new StringWriter(), error, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("dataset.root: dataset folder '/nonexistent/maps' does not exist", error.ToString());
    }

    [Fact]
    public async Task A_killed_sweep_resumes_without_recomputing_and_matches_an_uninterrupted_run()
    {
        // Reference: the whole sweep in one go.
        var reference = await Run(Benchmark("reference.db", tracks: 6, maxIter: 100, nFft: 2048, hop: 64));
        Assert.Equal(0, reference.Code);
        var expected = Comparable(ResultsCsv());
        Directory.Delete(Path.Combine(_root, "outputs"), recursive: true);

        // The same sweep (12 jobs, one worker) in a child process, killed (SIGKILL) once some results are in the database.
        var config = Benchmark("killed.db", tracks: 6, maxIter: 100, workers: 1, nFft: 2048, hop: 64);
        var nmfgrid = BuiltNmfgrid.Dll;
        using var child = Process.Start(new ProcessStartInfo("dotnet", ["exec", nmfgrid, "run", config, "-m"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        // Kill as soon as the child reports a finished job (a log line per change, at most one a second).
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var done = 0;
        var seen = new List<string>();
        while (done < 1 && DateTime.UtcNow < deadline && await child.StandardOutput.ReadLineAsync() is { } line)
        {
            seen.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            if (line.StartsWith('[') && int.TryParse(line[1..line.IndexOf('/')], out var n))
            {
                done = n;
            }
        }
        // The progress line counts results as they arrive; they are stored a moment later (asynchronously).
        // Wait until the database holds one, so the kill leaves stored results behind.
        while (DateTime.UtcNow < deadline && !child.HasExited &&
               (await StoredSweeps.Ledger(Path.Combine(_root, "killed.db"))).Jobs.All(j => j.Status != "Succeeded"))
        {
            await Task.Delay(200);
        }
        Assert.False(child.HasExited, "the sweep finished before it could be killed");
        child.Kill(); // SIGKILL: no handler runs, as when a machine dies
        await child.WaitForExitAsync();
        Assert.True(child.ExitCode == 137, $"exit {child.ExitCode}; saw:\n{string.Join("\n", seen)}\nkilled at {DateTime.UtcNow:HH:mm:ss.fff}");

        var ledger = await StoredSweeps.Ledger(Path.Combine(_root, "killed.db"));
        var sweep = Assert.Single(ledger.Sweeps);
        var finishedBefore = ledger.Jobs.Where(j => j.Status == "Succeeded").ToDictionary(j => j.Spec.JobId, j => j.Result!.Timings.Total);
        Assert.True(finishedBefore.Count is >= 1 and < 12, $"{finishedBefore.Count} of 12 finished before the kill");

        var resume = Program.Build().Parse(["resume", sweep.SweepId, "--database", Path.Combine(_root, "killed.db")]);
        Assert.Equal(0, await resume.InvokeAsync());
        Assert.Equal(expected, Comparable(ResultsCsv()));
        var after = await StoredSweeps.Ledger(Path.Combine(_root, "killed.db"));
        Assert.All(after.Jobs, j => Assert.Equal("Succeeded", j.Status));
        // Jobs finished before the kill kept their original result: they were not run again.
        Assert.All(finishedBefore, f => Assert.Equal(f.Value, after.Jobs.Single(j => j.Spec.JobId == f.Key).Result!.Timings.Total));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SigInt = 2;

    /// <summary>
    /// Starts `nmfgrid run CONFIG -m` as its own process and sends it SIGINT as soon as it reports a finished job, as
    /// a user pressing Ctrl-C mid-sweep. With <paramref name="sigIntIgnored"/> it starts the way a script without job
    /// control starts a background command (`nmfgrid run … &amp;`): through sh, with SIGINT ignored, which exec keeps.
    /// </summary>
    private static async Task<(int ExitCode, string Log)> InterruptMidSweep(string config, bool sigIntIgnored)
    {
        var nmfgrid = BuiltNmfgrid.Dll;
        var start = sigIntIgnored
            ? new ProcessStartInfo("/bin/sh", ["-c", "trap '' INT; exec dotnet exec \"$0\" run \"$1\" -m", nmfgrid, config])
            : new ProcessStartInfo("dotnet", ["exec", nmfgrid, "run", config, "-m"]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var child = new Process { StartInfo = start };
        // Lines arrive on their own threads: the test never blocks on a read, so a silent child cannot hang it.
        var lines = new ConcurrentQueue<string>();
        child.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("stderr: " + e.Data); };
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!child.HasExited && DateTime.UtcNow < deadline &&
               !lines.Any(l => l.StartsWith('[') && !l.StartsWith("[0/", StringComparison.Ordinal)))
        {
            await Task.Delay(20);
        }
        Assert.False(child.HasExited, "the sweep ended before it could be interrupted:\n" + string.Join("\n", lines));
        Assert.Equal(0, kill(child.Id, SigInt));
        var exited = child.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(2))) != exited)
        {
            child.Kill();
            Assert.Fail("nmfgrid did not stop within 2 minutes of SIGINT:\n" + string.Join("\n", lines));
        }
        await child.WaitForExitAsync(); // drains the output events
        return (child.ExitCode, string.Join("\n", lines));
    }

    /// <summary>Asserts a sweep stopped by SIGINT: exit 130, says how to resume, and left no report nor half-written file.</summary>
    private void AssertStoppedWithoutReport(int exitCode, string log)
    {
        Assert.True(exitCode == 130, $"exit {exitCode}:\n{log}");
        Assert.Contains("Stopped; no report written. Continue with: nmfgrid resume", log);
        var outputs = Path.Combine(_root, "outputs");
        var written = Directory.Exists(outputs)
            ? Directory.GetFiles(outputs, "*", SearchOption.AllDirectories).Where(f => !f.Contains(Path.Combine("outputs", "cache"))).ToArray()
            : [];
        Assert.DoesNotContain(written, f => Path.GetFileName(f) is "results.csv" or "results.json" or "summary.md" ||
                                            f.EndsWith(".partial", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ctrl_C_stops_a_sweep_cleanly_without_a_report_and_resume_runs_every_job_exactly_once()
    {
        var config = Benchmark("interrupted.db", tracks: 6, maxIter: 100, workers: 1, nFft: 2048, hop: 64);
        var (exitCode, log) = await InterruptMidSweep(config, sigIntIgnored: false);
        AssertStoppedWithoutReport(exitCode, log);

        var database = Path.Combine(_root, "interrupted.db");
        var stopped = await StoredSweeps.Ledger(database);
        var sweep = Assert.Single(stopped.Sweeps);
        var finishedBefore = stopped.Jobs.Where(j => j.Status == "Succeeded").ToDictionary(j => j.Spec.JobId, j => j.Result!.Timings.Total);
        Assert.True(finishedBefore.Count is >= 1 and < 12, $"{finishedBefore.Count} of 12 finished before SIGINT");
        var inFlight = stopped.Jobs.Where(j => j.Status == "Running").ToDictionary(j => j.Spec.JobId, j => j.Attempt);

        var resume = Program.Build().Parse(["resume", sweep.SweepId, "--database", database]);
        Assert.Equal(0, await resume.InvokeAsync());
        var after = await StoredSweeps.Ledger(database);
        Assert.All(after.Jobs, j => Assert.Equal("Succeeded", j.Status));
        // Every job exactly once in the report; those finished before SIGINT kept their result (not run again);
        // those in flight at SIGINT went back to the queue and ran under a new attempt.
        var rows = ResultsCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(12, rows.Length);
        Assert.Equal(12, rows.Select(r => r.Split(',')[1]).Distinct().Count());
        Assert.All(finishedBefore, f => Assert.Equal(f.Value, after.Jobs.Single(j => j.Spec.JobId == f.Key).Result!.Timings.Total));
        Assert.All(inFlight, f => Assert.True(after.Jobs.Single(j => j.Spec.JobId == f.Key).Attempt > f.Value, $"{f.Key} was not re-queued"));
    }

    [Fact]
    public async Task SIGINT_stops_a_sweep_started_with_SIGINT_ignored_as_a_script_without_job_control_starts_it()
    {
        // Before nmfgrid took an inherited SIG_IGN back, the sweep ignored SIGINT, ran to its end and exited 0.
        var config = Benchmark("ignored.db", tracks: 6, maxIter: 100, workers: 1, nFft: 2048, hop: 64);
        var (exitCode, log) = await InterruptMidSweep(config, sigIntIgnored: true);
        AssertStoppedWithoutReport(exitCode, log);
    }
}
