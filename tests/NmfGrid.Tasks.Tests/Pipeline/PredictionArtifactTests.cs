using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Metrics;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Separation;
using NmfGrid.Tasks.Structure;
using NmfGrid.Tasks.Tests.Datasets;
using NmfGrid.Tasks.Transcription;
using Note = NmfGrid.Tasks.Datasets.Note;

namespace NmfGrid.Tasks.Tests.Pipeline;

/// <summary>
/// The prediction as a cached stage (issue 14 §5): jobs that differ only in a scoring key predict once and score the
/// same prediction; a prediction key predicts again from the same factors; a corrupt entry is rebuilt; the metrics
/// are the same whether the prediction was made or read.
/// </summary>
public sealed class PredictionArtifactTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ConfigSection Section(string name, params (string Key, object? Value)[] values) =>
        new(name, values.ToDictionary(v => v.Key, v => v.Value));

    private static ConfigSection Transcription(double tolerance, double threshold = 0.02) =>
        Section("task", ("name", "transcription"), ("sample_rate", 22050L), ("n_fft", 1024L), ("hop_length", 441L),
                ("onset_tolerance", tolerance), ("threshold", threshold));

    private static NmfSettings Nmf(int seed = 7) =>
        NmfSettings.From(Section("algorithm", ("name", "mu"), ("init", "random"), ("rank", 12L), ("beta", 1L), ("max_iter", 20L), ("tol", 0.0)), seed);

    private (ITrack Track, FeatureCache Cache) Piece()
    {
        var data = Path.Combine(_folder.Path, "maps");
        new MapsSynth().Write(data, new SynthesisOptions(Tracks: 1, Seed: 5, Duration: 3, SampleRate: 22050));
        var dataset = new MapsDataset(data);
        return (dataset.Track(dataset.TrackIds()[0]), new FeatureCache(Path.Combine(_folder.Path, "cache")));
    }

    private static TrackOutcome Run(ITrack track, FeatureCache? cache, ConfigSection task, bool cacheFactors = true) =>
        TrackPipeline.Run(TaskRegistry.Get("transcription"), track, Parsed.Task(task), Nmf(), new ManagedBlas(), cache, cacheFactors: cacheFactors);

    private static string[] Entries(FeatureCache cache, string kind) => Directory.GetFiles(cache.Directory, kind + "-*.feat");

    /// <summary>The notes the cache holds for this track and settings, read under the key the pipeline uses.</summary>
    private static NoteEstimate StoredNotes(ITrack track, FeatureCache cache, ConfigSection settings)
    {
        var task = TaskRegistry.Get("transcription");
        var input = task.Prepare(track, Parsed.Task(settings), cache, default) with { Seed = Nmf().Options.Seed };
        var key = PredictionArtifact.Key(FactorArtifact.Key(input, Nmf(), tensor: false), task, settings);
        Assert.True(cache.TryGet(key, out var packed));
        return NoteEstimate.Unpack(packed)!;
    }

    [Fact]
    public void Two_onset_tolerances_predict_once_and_score_the_same_notes()
    {
        var (track, cache) = Piece();
        var strict = Run(track, cache, Transcription(0.02));
        var loose = Run(track, cache, Transcription(0.2));

        Assert.False(strict.PredictionCached);
        Assert.True(loose.PredictionCached);
        Assert.True(loose.FactorsCached);
        Assert.Single(Entries(cache, PredictionArtifact.Kind));
        var notes = StoredNotes(track, cache, Transcription(0.5));
        Assert.True(notes.Notes.Count > 0);
        Assert.Equal(notes.Notes.Count, strict.Metrics["notes.estimated"]);
        Assert.Equal(notes.Notes.Count, loose.Metrics["notes.estimated"]);
        foreach (var frame in new[] { "frame.precision", "frame.recall", "frame.f1" })
            Assert.Equal(strict.Metrics[frame], loose.Metrics[frame]);
        // The tolerance still acts: a wider one matches at least as many notes.
        Assert.True(loose.Metrics["recall"] >= strict.Metrics["recall"]);
    }

    [Fact]
    public void A_cached_prediction_scores_exactly_as_one_made_without_a_cache()
    {
        var (track, cache) = Piece();
        Run(track, cache, Transcription(0.02));
        var read = Run(track, cache, Transcription(0.2));
        var made = Run(track, null, Transcription(0.2), cacheFactors: false);

        Assert.True(read.PredictionCached);
        Assert.Equal(made.Metrics, read.Metrics);
    }

    [Fact]
    public void A_prediction_key_predicts_again_from_the_same_factors()
    {
        var (track, cache) = Piece();
        var low = Run(track, cache, Transcription(0.05, threshold: 0.02));
        var high = Run(track, cache, Transcription(0.05, threshold: 0.2));

        Assert.True(high.FactorsCached);
        Assert.False(high.PredictionCached);
        Assert.Single(Entries(cache, FactorArtifact.Kind));
        Assert.Equal(2, Entries(cache, PredictionArtifact.Kind).Length);
        Assert.NotEqual(low.Metrics["notes.estimated"], high.Metrics["notes.estimated"]);
        Assert.True(Run(track, cache, Transcription(0.1, threshold: 0.2)).PredictionCached);
    }

    [Fact]
    public void A_corrupt_prediction_entry_is_rebuilt_and_gives_the_same_scores()
    {
        var (track, cache) = Piece();
        var first = Run(track, cache, Transcription(0.05));
        var entry = Assert.Single(Entries(cache, PredictionArtifact.Kind));
        var bytes = File.ReadAllBytes(entry);
        bytes[^3] ^= 0x5a; // a byte of the last pitch: the payload no longer matches its hash
        File.WriteAllBytes(entry, bytes);

        var again = Run(track, cache, Transcription(0.1));
        Assert.True(again.FactorsCached);
        Assert.False(again.PredictionCached);
        Assert.Equal(1, cache.CorruptEntriesDiscarded);
        Assert.Equal(first.Metrics["notes.estimated"], again.Metrics["notes.estimated"]);
        Assert.Equal(first.Metrics["frame.f1"], again.Metrics["frame.f1"]);
        Assert.True(Run(track, cache, Transcription(0.05)).PredictionCached);
        Assert.Equal(first.Metrics, Run(track, cache, Transcription(0.05)).Metrics);
    }

    [Fact]
    public void Without_cache_factors_no_prediction_is_stored()
    {
        var (track, cache) = Piece();
        Run(track, cache, Transcription(0.05), cacheFactors: false);
        var second = Run(track, cache, Transcription(0.2), cacheFactors: false);
        Assert.False(second.PredictionCached);
        Assert.Empty(Entries(cache, PredictionArtifact.Kind));
    }

    [Fact]
    public void The_key_leaves_out_scoring_keys_only()
    {
        var task = TaskRegistry.Get("transcription");
        var factors = new ArtifactKey(FactorArtifact.Kind, "factors of one track");
        var other = new ArtifactKey(FactorArtifact.Kind, "factors of another track");
        string Hash(ArtifactKey f, params (string, object?)[] values) => PredictionArtifact.Key(f, task, Section("task", values)).Hash;

        var reference = Hash(factors, ("name", "transcription"), ("onset_tolerance", 0.05), ("threshold", 0.02));
        Assert.Equal(reference, Hash(factors, ("name", "transcription"), ("onset_tolerance", 0.2), ("pitch_units", "midi"), ("threshold", 0.02)));
        Assert.NotEqual(reference, Hash(factors, ("name", "transcription"), ("onset_tolerance", 0.05), ("threshold", 0.03)));
        Assert.NotEqual(reference, Hash(factors, ("name", "transcription"), ("onset_tolerance", 0.05), ("threshold", 0.02), ("min_duration", 0.0)));
        Assert.NotEqual(reference, Hash(other, ("name", "transcription"), ("onset_tolerance", 0.05), ("threshold", 0.02)));
    }

    [Fact]
    public void Every_tasks_scoring_keys_are_prediction_keys_it_knows()
    {
        foreach (var name in TaskRegistry.Names)
        {
            var task = TaskRegistry.Get(name);
            Assert.All(task.ScoringKeys, key => Assert.Contains(key, task.PredictionKeys));
            // Each is a key the task's settings reader accepts.
            foreach (var key in task.ScoringKeys)
            {
                var unknown = Section("task", ("name", name), (key, "?"));
                var e = Record.Exception(() => task.Parse(unknown));
                Assert.False(e is ConfigKeyException t && t.Message.Contains("unknown setting"), $"{name}: {key} is not a key it reads");
            }
        }
        Assert.Equal(["onset_tolerance", "pitch_units"], TaskRegistry.Get("transcription").ScoringKeys);
        Assert.Equal(["trim"], TaskRegistry.Get("structure").ScoringKeys);
    }

    [Fact]
    public void Each_estimate_comes_back_whole_and_a_malformed_column_is_declined()
    {
        var notes = new NoteEstimate([new Note(0.5, 1.25, 60), new Note(0.75, 2.0, 64)], Frames: 150);
        var back = NoteEstimate.Unpack(notes.Pack())!;
        Assert.Equal(notes.Notes, back.Notes);
        Assert.Equal(150, back.Frames);
        Assert.Null(NoteEstimate.Unpack(notes.Pack().SubMatrix(0, notes.Pack().RowCount - 1, 0, 1)));

        var segments = new SegmentEstimate([new TimeInterval(0, 10.5), new TimeInterval(10.5, 31)], 2.75);
        var segmentsBack = SegmentEstimate.Unpack(segments.Pack())!;
        Assert.Equal(segments.Segments, segmentsBack.Segments);
        Assert.Equal(2.75, segmentsBack.SegmentationScore);
        Assert.Null(SegmentEstimate.Unpack(notes.Pack()));

        var stems = new StemEstimate([new double[3]], [0, 1, 1, 0], 0.875);
        var assignment = StemEstimate.Assignment(stems.Pack())!.Value;
        Assert.Equal(stems.Labels, assignment.Labels);
        Assert.Equal(0.875, assignment.Stability);
        Assert.Null(StemEstimate.Assignment(new StemEstimate([], [2], null).Pack().SubMatrix(0, 4, 0, 1)));
        Assert.Null(StemEstimate.Assignment(Matrix<double>.Build.Dense(5, 1, [1, 0, 0, 1, -1])));
    }
}
