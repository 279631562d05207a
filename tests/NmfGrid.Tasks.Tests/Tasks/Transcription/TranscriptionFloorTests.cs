using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Tests.Datasets;
using Xunit.Abstractions;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

public class TranscriptionFloorTests(ITestOutputHelper output)
{
    internal static ConfigSection Section(string name, params (string Key, object? Value)[] values) =>
        new(name, values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Transcription_of_a_synthetic_piano_piece_with_the_harmonic_initialisation_reaches_note_F1_above_0_7_at_50_ms()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 2, Seed: 3, Duration: 8, SampleRate: 22050));
        var dataset = new MapsDataset(folder.Path);
        var task = TaskRegistry.Get("transcription");
        // The seed's n_fft 3528 at 44.1 kHz (80 ms) costs seconds per piece with the mixed-radix FFT; the same
        // analysis at 22.05 kHz with a power-of-two n_fft (93 ms, hop 20 ms as the seed's) keeps the test fast.
        var taskSettings = Section("task", ("name", "transcription"), ("sample_rate", 22050L), ("n_fft", 2048L), ("hop_length", 441L));
        var nmf = NmfSettings.From(Section("algorithm", ("name", "mu"), ("init", "harmonic"), ("rank", 88L), ("beta", 1L), ("max_iter", 100L), ("tol", 0.0)), seed: 0);
        task.Parse(taskSettings);
        foreach (var id in dataset.TrackIds())
        {
            var outcome = TrackPipeline.Run(task, dataset.Track(id), Parsed.Task(taskSettings), nmf, Blas.Create());
            output.WriteLine($"{id}: {string.Join(", ", outcome.Metrics.Select(m => $"{m.Key}={m.Value:F3}"))} timings {outcome.Timings}");
            Assert.True(outcome.Metrics["f1"] > 0.7, $"{id}: note F1 {outcome.Metrics["f1"]:F3} at 50 ms");
        }
    }

    [Fact]
    public void Seed_preset_runs_end_to_end_with_autocorrelation_pitches()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 3, Duration: 4, SampleRate: 22050));
        var dataset = new MapsDataset(folder.Path);
        var taskSettings = Section("task", ("name", "transcription"), ("preset", "seed"), ("sample_rate", 22050L), ("n_fft", 2048L), ("hop_length", 441L));
        var nmf = NmfSettings.From(Section("algorithm", ("name", "mu"), ("init", "harmonic"), ("rank", 88L), ("beta", 1L), ("max_iter", 30L)), seed: 0);
        var outcome = TrackPipeline.Run(TaskRegistry.Get("transcription"), dataset.Track(dataset.TrackIds()[0]), Parsed.Task(taskSettings), nmf, Blas.Create());
        output.WriteLine(string.Join(", ", outcome.Metrics.Select(m => $"{m.Key}={m.Value:F3}")));
        Assert.True(outcome.Metrics["notes.estimated"] > 0);
        foreach (var key in new[] { "precision", "recall", "f1", "accuracy", "offset.f1", "frame.f1" })
            Assert.InRange(outcome.Metrics[key], 0.0, 1.0);
    }
}
