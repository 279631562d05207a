namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// A benchmark folder for end-to-end runs under <c>root/bench</c>: reconstruction with MU on a synthetic
/// MUSDB18-HQ corpus (generated under <c>root/data</c> on first use), a 2-point rank sweep, outputs and the
/// event log under <c>root</c>. Returns the path of bench.yaml.
/// </summary>
internal static class TinyBenchmark
{
    public static string Write(string root, string database, int tracks = 3, int maxIter = 30, int workers = 2, int nFft = 512, int hop = 256)
    {
        WriteFile(root, "algorithm/mu.yaml", $"name: mu\ninit: nndsvda\nrank: 4\nbeta: 1.0\nmax_iter: {maxIter}\ntol: 0.0\n");
        WriteFile(root, "task/reconstruction.yaml", $"name: reconstruction\nsample_rate: 8000\nn_fft: {nFft}\nhop: {hop}\nduration: 4.0\n");
        WriteFile(root, "dataset/tiny.yaml", $"""
            name: musdb18hq
            root: {root}/data/musdb18hq
            synthesize_if_missing: true
            synth_tracks: {tracks}
            synth_duration: 4.0
            """);
        return WriteFile(root, "bench.yaml", $"""
            defaults:
              - algorithm: mu
              - task: reconstruction
              - dataset: tiny
            seed: 3
            run:
              workers: {workers}
              blas: managed
              output_dir: {root}/outputs
              cache_dir: {root}/outputs/cache
              database: {root}/{database}
            sweep:
              params:
                algorithm.rank: 2,4
            """);
    }

    /// <summary>
    /// The transcription task at 22.05 kHz and its dataset: a synthetic MAPS corpus of <paramref name="tracks"/> pieces
    /// of <paramref name="duration"/> s under <c>root/data/maps</c>, as `task: transcription` and `dataset: tiny`.
    /// <paramref name="taskLines"/> adds keys to the task section.
    /// </summary>
    public static void TranscriptionOnMaps(string root, double duration, int tracks = 2, string taskLines = "")
    {
        WriteFile(root, "task/transcription.yaml", "name: transcription\nsample_rate: 22050\nn_fft: 1024\nhop_length: 441\nonset_tolerance: 0.05\n" + taskLines);
        WriteFile(root, "dataset/tiny.yaml", $"""
            name: maps
            root: {root}/data/maps
            synthesize_if_missing: true
            synth_tracks: {tracks}
            synth_duration: {duration.ToString(System.Globalization.CultureInfo.InvariantCulture)}
            """);
    }

    /// <summary>Writes (or overwrites) one file of the benchmark folder.</summary>
    public static string WriteFile(string root, string relative, string text)
    {
        var path = Path.Combine(root, "bench", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
