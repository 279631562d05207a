using System.Diagnostics;
using System.Globalization;
using NmfGrid.Coordinator.Commands;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// Issue 13 §3 end to end: `nmfgrid run` sweeps an external model like any algorithm. A sweep over
/// `algorithm: mu,numpy_mu,sklearn_mu` (the numpy β-MU and scikit-learn's MU examples through the protocol) scores every row the same, and
/// `algorithm.params.*` is swept and reaches the model.
/// </summary>
public sealed class ExternalModelSweepTests : IDisposable
{
    /// <summary>Debian's python3 with numpy (test.sh installs it), or the first python3 on PATH that has numpy.</summary>
    internal static readonly Lazy<string> Python = new(FindPython);
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-external-sweep-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    internal static string Script(string relative) => Path.Combine(AppContext.BaseDirectory, "python", relative);

    private string Benchmark(string sweep)
    {
        TinyBenchmark.WriteFile(_root, "algorithm/mu.yaml", "name: mu\ninit: nndsvda\nrank: 8\nbeta: 1.0\nmax_iter: 30\ntol: 1e-4\n");
        TinyBenchmark.WriteFile(_root, "algorithm/numpy_mu.yaml", $"""
            name: external
            command: "{Python.Value} '{Script("examples/numpy_beta_mu.py")}'"
            init: nndsvda
            rank: 8
            beta: 1.0
            max_iter: 30
            tol: 1e-4
            """);
        TinyBenchmark.WriteFile(_root, "algorithm/sklearn_mu.yaml", $"""
            name: external
            command: "{Python.Value} '{Script("examples/sklearn_nmf.py")}'"
            init: nndsvda
            rank: 8
            beta: 1.0
            max_iter: 30
            tol: 1e-4
            params:
              solver: mu
            """);
        TinyBenchmark.WriteFile(_root, "algorithm/scaled.yaml", $"""
            name: external
            command: "{Python.Value} scaled.py"
            workdir: {_root}/bench
            env:
              NMFGRID_PYTHON: {Path.Combine(AppContext.BaseDirectory, "python")}
            init: nndsvda
            rank: 4
            params:
              scale: 1.0
              record: {_root}/record.txt
            """);
        TinyBenchmark.WriteFile(_root, "scaled.py", """
            import json, os, sys
            sys.path.insert(0, os.environ["NMFGRID_PYTHON"])
            from nmfgrid_model import serve

            def factorize(V, W0, H0, params):
                with open(params["record"], "a") as record:
                    record.write(str(params["scale"]) + "\n")
                return W0 * params["scale"], H0

            serve(factorize)
            """);
        TinyBenchmark.WriteFile(_root, "algorithm/faulty.yaml", $"""
            name: external
            command: "{Python.Value} faulty.py"
            workdir: {_root}/bench
            env:
              NMFGRID_PYTHON: {Path.Combine(AppContext.BaseDirectory, "python")}
            init: nndsvda
            rank: 4
            timeout_seconds: 600
            params:
              mode: healthy
            """);
        TinyBenchmark.WriteFile(_root, "faulty.py", """
            import os, sys, time
            sys.path.insert(0, os.environ["NMFGRID_PYTHON"])
            from nmfgrid_model import serve

            protocol = sys.stdout

            def factorize(V, W0, H0, params):
                if params["mode"] == "crash":
                    print("about to crash", file=sys.stderr, flush=True)
                    os._exit(7)
                if params["mode"] == "hang":
                    time.sleep(600)
                if params["mode"] == "garbage":
                    protocol.write("garbage\n")
                    protocol.flush()
                return W0, H0

            serve(factorize)
            """);
        TinyBenchmark.TranscriptionOnMaps(_root, duration: 2.0);
        return TinyBenchmark.WriteFile(_root, "bench.yaml", $"""
            defaults:
              - algorithm: mu
              - task: transcription
              - dataset: tiny
            seed: 3
            run:
              workers: 2
              max_attempts: 1
              blas: managed
              output_dir: {_root}/outputs
              cache_dir: {_root}/outputs/cache
              database: {_root}/outputs/nmfgrid.db
            sweep:
              params:
            {sweep}
            """);
    }

    private async Task<List<Dictionary<string, string>>> Sweep(string sweep)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(Benchmark(sweep), [], multirun: true, planOnly: false, output, error, CancellationToken.None);
        Assert.True(code == 0, error.ToString() + output);
        var lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single());
        var header = lines[0].Split(',');
        return lines[1..].Select(line => header.Zip(line.Split(',')).ToDictionary(c => c.Item1, c => c.Item2)).ToList();
    }

    [Fact]
    public async Task A_sweep_over_mu_the_numpy_beta_MU_and_scikit_learns_MU_through_the_protocol_scores_every_row_the_same()
    {
        var rows = await Sweep("    algorithm: mu,numpy_mu,sklearn_mu");

        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.True(r["status"] == "succeeded", string.Join(", ", r.Select(p => $"{p.Key}={p.Value}"))));
        foreach (var track in rows.GroupBy(r => r["track"]))
        {
            var builtIn = track.Single(r => r["algorithm.name"] == "mu");
            var externals = track.Where(r => r["algorithm.name"] == "external").ToArray();
            Assert.Equal(2, externals.Length);
            var metrics = builtIn.Keys.Where(k => k.StartsWith("notes.", StringComparison.Ordinal) || k.StartsWith("frame.", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(metrics);
            foreach (var external in externals)
            {
                foreach (var column in metrics.Append("iterations"))
                    Assert.True(builtIn[column] == external[column], $"{track.Key}: {column} {builtIn[column]} vs {external[column]}");
                // The numpy twin follows the built-in's rules exactly (1e-9). Debian's scikit-learn 1.2.1 handles tiny
                // WH entries as scikit-learn < 1.3 did (docs/metrics.md), which on this synthetic spectrogram with
                // near-silent bins moves the loss in the 8th digit (4.5e-8 seen); the metrics above stay identical.
                var tolerance = external["algorithm.command"].Contains("sklearn", StringComparison.Ordinal) ? 1e-6 : 1e-9;
                var (a, b) = (double.Parse(builtIn["final_loss"], CultureInfo.InvariantCulture), double.Parse(external["final_loss"], CultureInfo.InvariantCulture));
                Assert.True(Math.Abs(a - b) <= tolerance * a, $"{track.Key}: final_loss {a} vs {b} ({external["algorithm.command"]})");
            }
        }
    }

    [Fact]
    public async Task A_model_parameter_is_swept_like_any_key_and_reaches_the_model()
    {
        var rows = await Sweep("    algorithm: scaled\n    algorithm.params.scale: 1,3.5");

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("succeeded", r["status"]));
        Assert.Equal(["1", "1", "3.5", "3.5"], rows.Select(r => r["algorithm.params.scale"]).Order());
        Assert.Equal(["1", "1", "3.5", "3.5"], File.ReadAllLines(Path.Combine(_root, "record.txt")).Order());
    }

    [Fact]
    public async Task Faulty_models_fail_their_own_jobs_with_clear_messages_and_the_sweep_goes_on()
    {
        // The hang gets a short limit of its own, the others a long one, so no row depends on this machine's speed.
        var rows = await SweepLines("    algorithm: faulty\n" +
                                    "    zip(algorithm.params.mode,algorithm.timeout_seconds): (healthy,600),(crash,600),(hang,2),(garbage,600)");

        Assert.Equal(8, rows.Length);
        string[] Of(string mode)
        {
            var lines = rows.Where(l => l.Contains($",{mode},", StringComparison.Ordinal)).ToArray();
            Assert.Equal(2, lines.Length); // one per track
            return lines;
        }
        Assert.All(Of("healthy"), l => Assert.Contains(",succeeded,", l));
        Assert.All(Of("crash"), l => Assert.Contains("exited with code 7", l));
        Assert.All(Of("crash"), l => Assert.Contains("about to crash", l));
        Assert.All(Of("hang"), l => Assert.Contains("within 2 s (algorithm.timeout_seconds)", l));
        Assert.All(Of("garbage"), l => Assert.Contains("not a protocol reply", l));
        Assert.Equal(6, rows.Count(l => l.Contains(",failed,")));
    }

    private async Task<string[]> SweepLines(string sweep)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(Benchmark(sweep), [], multirun: true, planOnly: false, output, error, CancellationToken.None);
        Assert.True(code == 0, error.ToString() + output);
        return File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single())[1..];
    }

    private static string FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(candidate, ["-c", "import numpy"]) { RedirectStandardError = true })!;
                probe.WaitForExit();
                if (probe.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        throw new InvalidOperationException("The external-model tests need python3 with numpy: apt-get install -y python3-numpy (test.sh does).");
    }
}
