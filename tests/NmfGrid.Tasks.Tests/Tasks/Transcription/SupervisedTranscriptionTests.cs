using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Tests.Datasets;
using NmfGrid.Tasks.Transcription;
using Xunit.Abstractions;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

public class SupervisedTranscriptionTests(ITestOutputHelper output)
{
    private const int SampleRate = 22050;

    // The seed's 80 ms / 20 ms analysis at 22.05 kHz with a power-of-two n_fft, as TranscriptionFloorTests (fast FFT).
    private static ConfigSection Task(params (string Key, object? Value)[] extra)
    {
        var values = new Dictionary<string, object?>
        {
            ["name"] = "transcription", ["method"] = "supervised", ["sample_rate"] = (long)SampleRate, ["n_fft"] = 2048L, ["hop_length"] = 441L,
        };
        foreach (var (key, value) in extra) values[key] = value;
        return new ConfigSection("task", values);
    }

    [Fact]
    public void The_dictionary_is_learned_once_and_then_read_from_the_cache()
    {
        using var folder = new TempFolder();
        SyntheticIsolatedNotes.Write(folder.Path, SampleRate, [48, 60, 72]);
        var notes = MapsIsolatedNotes.Find(folder.Path, [MapsSynth.Set]);
        var settings = TranscriptionSettings.From(Task());
        var cache = new FeatureCache(folder.Combine("cache"));

        var first = PitchDictionary.Learn(notes, settings, cache);
        Assert.Equal(["48", "60", "72"], first.Labels);
        Assert.Equal(465, first.W.RowCount); // max_frequency 5 kHz (the supervised default): bins 0 … ⌊5000·2048/22050⌋
        // Replace the stored entry by a marker of the same shape: a second Learn must return it, not rebuild.
        var marker = Matrix<double>.Build.Dense(first.W.RowCount, first.W.ColumnCount, 0.5);
        cache.Put(PitchDictionary.Key(notes, settings), marker);
        var second = PitchDictionary.Learn(notes, settings, cache);
        Assert.Equal(marker, second.W);
        // Other learning settings are another artifact: built afresh.
        var other = PitchDictionary.Learn(notes, settings with { TrainingSeconds = 0.5 }, cache);
        Assert.NotEqual(marker, other.W);
    }

    [Theory]
    [InlineData(45)]
    [InlineData(60)]
    [InlineData(81)]
    public void A_learned_template_peaks_on_its_pitch_harmonics_and_has_unit_norm(int pitch)
    {
        using var folder = new TempFolder();
        SyntheticIsolatedNotes.Write(folder.Path, SampleRate, [pitch]);
        var settings = TranscriptionSettings.From(Task());
        var dictionary = PitchDictionary.Learn(MapsIsolatedNotes.Find(folder.Path, [MapsSynth.Set]), settings, cache: null);
        var template = dictionary.W.Column(0);
        Assert.Equal(1.0, template.L2Norm(), 9);
        double f0 = HarmonicTone.MidiToHz(pitch), binHz = (double)SampleRate / settings.NFft;
        int peak = template.MaximumIndex();
        Assert.True(Math.Abs(peak * binHz - f0) <= 1.5 * binHz, $"template {pitch} peaks at {peak * binHz:F1} Hz, f0 = {f0:F1} Hz");
        // Most of the energy lies within a bin of the first 10 harmonics.
        double onHarmonics = Enumerable.Range(0, template.Count)
            .Where(f => Enumerable.Range(1, 10).Any(h => Math.Abs(f * binHz - h * f0 * Math.Sqrt(1 + 2e-4 * h * h)) <= 1.5 * binHz))
            .Sum(f => template[f] * template[f]);
        Assert.True(onHarmonics > 0.9, $"template {pitch}: {onHarmonics:P0} of its energy on the harmonics");
    }

    [Fact]
    public void Two_templates_per_pitch_share_its_label()
    {
        using var folder = new TempFolder();
        SyntheticIsolatedNotes.Write(folder.Path, SampleRate, [60, 62]);
        var settings = TranscriptionSettings.From(Task(("templates_per_pitch", 2L)));
        var dictionary = PitchDictionary.Learn(MapsIsolatedNotes.Find(folder.Path, [MapsSynth.Set]), settings, cache: null);
        Assert.Equal(["60", "60", "62", "62"], dictionary.Labels);
        Assert.Equal([0, 1], dictionary.ColumnsOf("60"));
    }

    [Fact]
    public void Without_isolated_notes_the_supervised_method_is_refused_naming_the_folder()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 1, Duration: 2, SampleRate: 8000));
        var dataset = new MapsDataset(folder.Path);
        var task = new TranscriptionTask();
        Assert.True(task.IsSupervised(Parsed.Task(Task())));
        Assert.False(task.IsSupervised(Parsed.Task(TranscriptionFloorTests.Section("task", ("name", "transcription")))));
        var e = Assert.Throws<ConfigKeyException>(() => task.CheckTraining(dataset, dataset.TrackIds(), Parsed.Task(Task())));
        Assert.Equal("task.method", e.Key);
        Assert.Contains(Path.Combine(folder.Path, MapsSynth.Set, "ISOL", "NO") + ": no isolated notes", e.Message);

        SyntheticIsolatedNotes.Write(folder.Path, 8000, [60, 62]);
        task.CheckTraining(dataset, dataset.TrackIds(), Parsed.Task(Task()));
        var txt = Path.Combine(folder.Path, MapsSynth.Set, "ISOL", "NO", $"MAPS_ISOL_NO_M_S0_M62_{MapsSynth.Set}.txt");
        File.Delete(txt);
        Assert.Contains(txt + ": missing", Assert.Throws<ConfigKeyException>(() => task.CheckTraining(dataset, dataset.TrackIds(), Parsed.Task(Task()))).Message);
    }

    [Fact]
    public void Supervised_settings_are_checked()
    {
        var task = new TranscriptionTask();
        Assert.Equal(NoteDetection.Onset, TranscriptionSettings.From(Task()).Detection);
        Assert.Equal(NoteDetection.Threshold, TranscriptionSettings.From(Task(("detection", "threshold"))).Detection);
        Assert.Equal(NoteDetection.Threshold, TranscriptionSettings.From(TranscriptionFloorTests.Section("task")).Detection);
        Assert.Equal("task.templates_per_pitch", Assert.Throws<ConfigKeyException>(() => task.Parse(Task(("templates_per_pitch", 3L)))).Key);
        Assert.Equal("task.offset_fraction", Assert.Throws<ConfigKeyException>(() => task.Parse(Task(("offset_fraction", 1.0)))).Key);
        Assert.Equal("task.method", Assert.Throws<ConfigKeyException>(() => task.Parse(Task(("method", "learned")))).Key);
    }

    [Fact]
    public void Supervised_transcription_of_a_synthetic_piece_reaches_note_F1_above_the_floor()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 3, Duration: 6, SampleRate: SampleRate));
        SyntheticIsolatedNotes.Write(folder.Path, SampleRate, SyntheticIsolatedNotes.PianoKeys);
        var dataset = new MapsDataset(folder.Path);
        var task = TaskRegistry.Get("transcription");
        var settings = Task();
        var nmf = NmfSettings.From(TranscriptionFloorTests.Section("algorithm", ("name", "sparse_mu"), ("init", "random"), ("beta", 1.0),
            ("max_iter", 40L), ("tol", 0.0), ("sparsity", 1.0)), seed: 0);
        task.Parse(settings);
        ((ISupervisedTask)task).CheckTraining(dataset, dataset.TrackIds(), Parsed.Task(settings));
        var cache = new FeatureCache(folder.Combine("cache"));
        var outcome = TrackPipeline.Run(task, dataset.Track(dataset.TrackIds()[0]), Parsed.Task(settings), nmf, Blas.Create(), cache, dataset: dataset);
        output.WriteLine(string.Join(", ", outcome.Metrics.Select(m => $"{m.Key}={m.Value:F3}")) + $" {outcome.Timings}");
        Assert.True(outcome.Metrics["f1"] > 0.8, $"note F1 {outcome.Metrics["f1"]:F3} at 50 ms");
        Assert.InRange(outcome.Metrics["offset.f1"], 0.0, outcome.Metrics["f1"]);
    }
}
