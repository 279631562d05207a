using NmfGrid.Coordinator.Commands;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// A sweep over all three MIR tasks, compared with the one recorded in Fixtures/Baseline before the config, settings
/// and hosting were reorganised: the sweep id, every job id and seed-dependent metric, results.json and summary.md
/// must stay byte for byte the same (timings, host and worker columns aside). Refactoring that changes what a user
/// gets fails here. To record a new baseline on purpose (a change of behaviour, said in the commit):
/// NMFGRID_RECORD_BASELINE=1 dotnet test --filter SweepBaselineTests, then commit Fixtures/Baseline.
/// </summary>
public sealed class SweepBaselineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-baseline-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly string[] VaryingColumns = ["features_s", "nmf_s", "task_s", "total_s", "load_s", "host", "worker", "attempt"];

    [Fact]
    public async Task A_three_task_sweep_gives_the_recorded_ids_results_and_report()
    {
        // Job ids hash the resolved config, dataset.root included, so the corpora live at one fixed path; a lock
        // file keeps two test processes (worktrees) from generating them at once.
        Directory.CreateDirectory(DataRoot);
        using var lockFile = await Lock(Path.Combine(DataRoot, ".lock"));
        var config = WriteBenchmark();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunCommand.Run(config, [], multirun: true, planOnly: false, output, error, CancellationToken.None);
        Assert.True(code == 0, error.ToString() + output);
        Assert.Contains("= 6 jobs (separation on musdb18hq, transcription on maps, structure on rwcpop).", output.ToString());

        var produced = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var csv in Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(csv)!;
            var name = Path.GetRelativePath(Path.Combine(_root, "outputs"), folder).Replace('\\', '/').Replace('/', '_');
            produced[$"{name}.results.csv"] = Comparable(File.ReadAllText(csv));
            produced[$"{name}.summary.md"] = WithoutTimings(File.ReadAllText(Path.Combine(folder, "summary.md")));
        }
        Assert.Equal(2, produced.Count);

        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Baseline");
        if (Environment.GetEnvironmentVariable("NMFGRID_RECORD_BASELINE") == "1")
        {
            var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Fixtures", "Baseline"));
            Directory.CreateDirectory(source);
            foreach (var (name, text) in produced)
            {
                File.WriteAllText(Path.Combine(source, name), text);
            }
            return;
        }
        var recorded = Directory.GetFiles(fixtures).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(recorded, produced.Keys.ToArray());
        foreach (var (name, text) in produced)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(fixtures, name)), text);
        }
    }

    private const string DataRoot = "/tmp/nmfgrid-baseline-corpora";

    private static async Task<FileStream> Lock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>results.csv without the columns that differ between runs of the same config (cells split as CSV: quoted labels hold commas).</summary>
    private static string Comparable(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Cells).ToArray();
        var keep = lines[0].Select((name, i) => (name, i)).Where(c => !VaryingColumns.Contains(c.name)).Select(c => c.i).ToArray();
        Assert.Equal(lines[0].Length - VaryingColumns.Count(lines[0].Contains), keep.Length);
        return string.Join("\n", lines.Select(cells => string.Join(",", keep.Select(i => cells[i])))) + "\n";
    }

    /// <summary>One CSV line's cells, quotes kept as written.</summary>
    private static string[] Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
                continue;
            }
            cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }

    /// <summary>summary.md without its lines of seconds (the stage timings table and the run's wall time).</summary>
    private static string WithoutTimings(string markdown) => string.Join("\n", markdown.Split('\n')
        .Where(line => !line.Contains("_s ", StringComparison.Ordinal) && !line.Contains("_s|", StringComparison.Ordinal)
                       && !line.Contains(" s ", StringComparison.Ordinal) && !line.Contains("wall", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Separation, transcription and structure, each on two small synthetic tracks, zipped like the demo.</summary>
    private string WriteBenchmark()
    {
        TinyBenchmark.WriteFile(_root, "algorithm/mu_sep.yaml", "name: mu\ninit: nndsvda\nrank: 8\nbeta: 1.0\nmax_iter: 30\ntol: 0.0\n");
        TinyBenchmark.WriteFile(_root, "algorithm/mu_pitch.yaml", "name: mu\ninit: harmonic\nrank: 88\nbeta: 1.0\nmax_iter: 20\ntol: 0.0\n");
        TinyBenchmark.WriteFile(_root, "algorithm/mu_bars.yaml", "name: mu\ninit: nndsvda\nrank: 6\nbeta: 2.0\nmax_iter: 30\ntol: 0.0\n");
        TinyBenchmark.WriteFile(_root, "task/separation.yaml", """
            name: separation
            sample_rate: 16000
            duration: 4
            n_fft: 1024
            hop_length: 256
            n_sources: 4
            clustering: mfcc
            mfcc_sample_rate: 16000
            n_mels: 40
            n_init: 4
            stability_seeds: 2
            """);
        TinyBenchmark.WriteFile(_root, "task/transcription.yaml", "name: transcription\nsample_rate: 22050\nn_fft: 2048\nhop_length: 441\nonset_tolerance: 0.05\n");
        TinyBenchmark.WriteFile(_root, "task/structure.yaml", "name: structure\nfeature: nn_log_mel\nsample_rate: 22050\nhop: 32\nsubdivision: 24\nrepresentation: nmf\n");
        foreach (var (name, dataset, seconds) in new[] { ("musdb", "musdb18hq", 4), ("maps", "maps", 4), ("rwcpop", "rwcpop", 24) })
        {
            TinyBenchmark.WriteFile(_root, $"dataset/{name}.yaml", $"""
                name: {dataset}
                root: {DataRoot}/{dataset}
                synthesize_if_missing: true
                synth_tracks: 2
                synth_duration: {seconds}
                synth_seed: 0
                """);
        }
        return TinyBenchmark.WriteFile(_root, "bench.yaml", $"""
            defaults:
              - algorithm: mu_sep
              - task: separation
              - dataset: musdb
            seed: 5
            run:
              workers: 2
              blas: managed
              output_dir: {_root}/outputs
              cache_dir: {_root}/outputs/cache
              database: {_root}/outputs/nmfgrid.db
            sweep:
              params:
                zip(task,dataset,algorithm): (separation,musdb,mu_sep),(transcription,maps,mu_pitch),(structure,rwcpop,mu_bars)
            """);
    }
}
