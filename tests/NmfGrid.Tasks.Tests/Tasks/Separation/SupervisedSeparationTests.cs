using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Separation;
using NmfGrid.Tasks.Tests.Datasets;
using Xunit.Abstractions;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

/// <summary>
/// A small MUSDB18-HQ-layout corpus at 22.05 kHz: two train/ tracks with all four stems (kick and hi-hat drums, a
/// bass on MIDI 33–40, a keyboard on MIDI 79–88, a voice on MIDI 60–67), and in test/ a duo (bass and keyboard only,
/// other notes than in training; drums and vocals silent) and a quartet.
/// </summary>
public sealed class StemCorpus : IDisposable
{
    public const int SampleRate = 22050;
    public const double Seconds = 4;
    public const string Duo = "Synthetic Duo - Unseen Notes";
    public const string Quartet = "Synthetic Quartet - Unseen Notes";

    public TempFolder Folder { get; } = new();

    /// <summary>A cache the tests that only use the dictionary share, so it is learned once for them.</summary>
    public FeatureCache Cache => _cache ??= new FeatureCache(Path.Combine(Folder.Path, "cache"));

    private FeatureCache? _cache;

    public StemCorpus()
    {
        Write("train", "Synthetic Training - One", [33, 36, 40], [79, 84, 88], [60, 64, 67], drums: true, seed: 1);
        Write("train", "Synthetic Training - Two", [35, 38, 33], [81, 86, 79], [62, 65, 60], drums: true, seed: 2);
        Write("test", Duo, [34, 39, 37], [80, 83, 87], null, drums: false, seed: 3);
        Write("test", Quartet, [34, 39, 37], [80, 83, 87], [61, 63, 66], drums: true, seed: 4);
    }

    public MusdbDataset Test => new(Folder.Path, MusdbFormat.Wav, ["test"]);

    public MusdbDataset All => new(Folder.Path, MusdbFormat.Wav);

    public static ConfigSection Task(params (string Key, object? Value)[] extra) =>
        new("task", new (string, object?)[]
        {
            ("name", "separation"), ("method", "supervised"), ("sample_rate", (long)SampleRate), ("n_fft", 1024L),
            ("hop_length", 512L), ("duration", 0L), ("stem_rank", 4L), ("stem_iter", 100L), ("train_frames", 400L),
            ("train_duration", 0L),
        }.Concat(extra).GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Last().Item2));

    public static NmfSettings Nmf(int seed = 1) =>
        NmfSettings.From(new ConfigSection("algorithm", new Dictionary<string, object?>
        {
            ["name"] = "mu", ["init"] = "random", ["rank"] = 10L, ["beta"] = 1.0, ["max_iter"] = 100L,
        }), seed);

    private void Write(string subset, string name, int[] bass, int[] keys, int[]? voice, bool drums, int seed)
    {
        int length = (int)(SampleRate * Seconds);
        var stems = new[] { Stem.Drums, Stem.Bass, Stem.Other, Stem.Vocals }.ToDictionary(s => s, _ => new float[length]);
        var random = new Random(seed);
        for (int i = 0; i < 8; i++)
        {
            HarmonicTone.Add(stems[Stem.Bass], SampleRate, i * 0.5, i * 0.5 + 0.45, bass[i % bass.Length], 0.5, Timbre.Bass);
            HarmonicTone.Add(stems[Stem.Other], SampleRate, 0.25 + i * 0.45, 0.25 + i * 0.45 + 0.3, keys[i % keys.Length], 0.35, Timbre.Piano);
            if (voice is not null)
                HarmonicTone.Add(stems[Stem.Vocals], SampleRate, 0.1 + i * 0.48, 0.1 + i * 0.48 + 0.4, voice[i % voice.Length], 0.3, Timbre.Voice);
            if (drums)
            {
                NoiseDrum.Kick(stems[Stem.Drums], SampleRate, i * 0.5, 0.6);
                NoiseDrum.HiHat(stems[Stem.Drums], SampleRate, i * 0.5 + 0.25, 0.2, random);
            }
        }
        var mixture = SongRenderer.Mix(stems);
        PcmWav.Normalise(mixture, 0.8, [mixture, .. stems.Values]);
        var folder = Path.Combine(Folder.Path, subset, name);
        PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(Stem.Mixture)), SampleRate, mixture);
        foreach (var (stem, samples) in stems) PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(stem)), SampleRate, samples);
    }

    public void Dispose() => Folder.Dispose();
}

public class SupervisedSeparationTests(StemCorpus corpus, ITestOutputHelper output) : IClassFixture<StemCorpus>
{
    private readonly SeparationTask _task = new();

    [Fact]
    public void The_dictionary_is_learned_once_and_every_later_track_reads_it_from_the_cache()
    {
        using var folder = new TempFolder();
        var cache = new FeatureCache(folder.Path);
        var settings = StemCorpus.Task();
        var first = _task.Learn(corpus.Test, Parsed.Task(settings), new ManagedBlas(), cache, default);
        var key = StemDictionary.Key(StemDictionary.TrainingTracks(corpus.Test), SeparationSettings.From(settings));
        Assert.True(File.Exists(cache.PathOf(key)));
        Assert.Equal(16, first.Count);
        Assert.Equal(["drums", "bass", "other", "vocals"], first.Labels.Distinct());

        // A marked entry in the cache: a second learn that recomputed would not return it.
        var marked = first.W.Map(x => x * 2);
        cache.Put(key, marked);
        var outcomes = corpus.Test.TrackIds().Select(id =>
            TrackPipeline.Run(_task, corpus.Test.Track(id), Parsed.Task(settings), StemCorpus.Nmf(), new ManagedBlas(), cache, dataset: corpus.Test)).ToArray();
        var second = _task.Learn(corpus.Test, Parsed.Task(settings), new ManagedBlas(), cache, default);

        Assert.Equal(marked, second.W);
        Assert.All(outcomes, o => Assert.True(double.IsFinite(o.Metrics["si_sdr.mean"])));
        Assert.Single(Directory.GetFiles(folder.Path, "dictionary-*.feat"));
    }

    [Fact]
    public void Other_model_settings_or_features_learn_another_dictionary()
    {
        var training = StemDictionary.TrainingTracks(corpus.Test);
        var key = StemDictionary.Key(training, SeparationSettings.From(StemCorpus.Task()));
        Assert.NotEqual(key.Hash, StemDictionary.Key(training, SeparationSettings.From(StemCorpus.Task(("stem_rank", 5L)))).Hash);
        Assert.NotEqual(key.Hash, StemDictionary.Key(training, SeparationSettings.From(StemCorpus.Task(("n_fft", 2048L)))).Hash);
        // Free components are learned on the track: the same learned dictionary serves the semi-supervised method.
        Assert.Equal(key.Hash, StemDictionary.Key(training, SeparationSettings.From(
            StemCorpus.Task(("method", "semi_supervised"), ("free_components", 2L)))).Hash);
    }

    [Fact]
    public void A_corrupt_cached_dictionary_is_rebuilt()
    {
        using var folder = new TempFolder();
        var cache = new FeatureCache(folder.Path);
        var settings = StemCorpus.Task();
        var learned = _task.Learn(corpus.Test, Parsed.Task(settings), new ManagedBlas(), cache, default);
        var key = StemDictionary.Key(StemDictionary.TrainingTracks(corpus.Test), SeparationSettings.From(settings));
        var bytes = File.ReadAllBytes(cache.PathOf(key));
        bytes[^3] ^= 0x5A;
        File.WriteAllBytes(cache.PathOf(key), bytes);

        var rebuilt = _task.Learn(corpus.Test, Parsed.Task(settings), new ManagedBlas(), cache, default);

        Assert.Equal(1, cache.CorruptEntriesDiscarded);
        Assert.Equal(learned.W, rebuilt.W);
        Assert.True(cache.TryGet(key, out var stored) && stored.Equals(learned.W));
    }

    [Theory]
    [InlineData("supervised", 0)]
    [InlineData("semi_supervised", 2)]
    public void The_learned_templates_stay_fixed_in_the_factorisation_and_only_free_components_are_learned(string method, int free)
    {
        var settings = StemCorpus.Task(("method", method), ("free_components", free == 0 ? null : (long)free));
        var dictionary = _task.Learn(corpus.Test, Parsed.Task(settings), new ManagedBlas(), corpus.Cache, default);
        Assert.Equal(free, dictionary.FreeComponents);
        Assert.All(dictionary.W.EnumerateColumns(), c => Assert.Equal(1.0, c.Sum(), 9)); // unit-sum templates

        var outcome = TrackPipeline.Run(_task, corpus.Test.Track(StemCorpus.Quartet), Parsed.Task(settings), StemCorpus.Nmf(), new ManagedBlas(),
            corpus.Cache, keepFactors: true, dataset: corpus.Test);

        var factors = outcome.Factors!;
        Assert.Equal(dictionary.Rank, factors.Rank);
        var expected = DownsampledFactors.From(dictionary.W, Matrix<double>.Build.Dense(dictionary.Count, 1));
        Assert.Equal(expected.W, factors.W[..(factors.Rows * dictionary.Count)]);
        Assert.True(factors.W[(factors.Rows * dictionary.Count)..].All(x => x >= 0));
        if (free > 0) Assert.Contains(factors.W[(factors.Rows * dictionary.Count)..], x => x > 0);
    }

    [Fact]
    public void Supervised_separation_of_an_unseen_two_instrument_mix_reaches_a_mean_si_sdr_above_the_floor()
    {
        var outcome = TrackPipeline.Run(_task, corpus.Test.Track(StemCorpus.Duo), Parsed.Task(StemCorpus.Task(("bss_eval", "v4"))), StemCorpus.Nmf(),
            new ManagedBlas(), corpus.Cache, dataset: corpus.Test);
        foreach (var (key, value) in outcome.Metrics.OrderBy(m => m.Key)) output.WriteLine($"{key} = {value:F3}");
        Assert.True(outcome.Metrics["si_sdr.mean"] > 8, $"mean SI-SDR {outcome.Metrics["si_sdr.mean"]:F2} dB");
        Assert.Equal(2, outcome.Metrics["silent_stems"]);
        // BSS Eval v4 SDR per audible stem beside SI-SDR, as MUSDB18 tables report it.
        Assert.True(outcome.Metrics.ContainsKey("sdr.bass") && outcome.Metrics.ContainsKey("sdr.other") && !outcome.Metrics.ContainsKey("sdr.vocals"));
        Assert.DoesNotContain("clustering.stability", outcome.Metrics.Keys);
    }

    [Fact]
    public void Supervised_separation_beats_blind_clustering_on_a_four_instrument_mix()
    {
        var track = corpus.Test.Track(StemCorpus.Quartet);
        var supervised = TrackPipeline.Run(_task, track, Parsed.Task(StemCorpus.Task()), StemCorpus.Nmf(), new ManagedBlas(), corpus.Cache, dataset: corpus.Test);
        var clustering = TrackPipeline.Run(_task, track, Parsed.Task(StemCorpus.Task(("method", "clustering"), ("stem_rank", null), ("stem_iter", null),
                ("train_frames", null), ("train_duration", null), ("stability_seeds", 0L))),
            NmfSettings.From(new ConfigSection("algorithm", new Dictionary<string, object?>
            {
                ["name"] = "mu", ["init"] = "nndsvda", ["rank"] = 16L, ["beta"] = 1.0, ["max_iter"] = 100L,
            }), 1), new ManagedBlas());
        output.WriteLine($"supervised {supervised.Metrics["si_sdr.mean"]:F2} dB, clustering {clustering.Metrics["si_sdr.mean"]:F2} dB");
        Assert.True(supervised.Metrics["si_sdr.mean"] > clustering.Metrics["si_sdr.mean"] + 3);
    }

    [Fact]
    public void Training_is_refused_when_train_is_missing_or_when_train_tracks_are_scored()
    {
        using var testOnly = new TempFolder();
        var source = corpus.Test.Track(StemCorpus.Duo);
        var copy = Directory.CreateDirectory(Path.Combine(testOnly.Path, "test", StemCorpus.Duo)).FullName;
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(source.AudioPath)!)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var lonely = new MusdbDataset(testOnly.Path, MusdbFormat.Wav, ["test"]);

        var missing = Assert.Throws<ConfigKeyException>(() => _task.CheckTraining(lonely, lonely.TrackIds(), Parsed.Task(StemCorpus.Task())));
        Assert.Equal("task.method", missing.Key);
        Assert.Contains("no training tracks; the supervised separation learns from them", missing.Message);
        Assert.Contains(Path.Combine(testOnly.Path, "train"), missing.Message);

        var both = corpus.All;
        var overlap = Assert.Throws<ConfigKeyException>(() => _task.CheckTraining(both, both.TrackIds(), Parsed.Task(StemCorpus.Task())));
        Assert.Equal("dataset.subsets", overlap.Key);
        Assert.Contains("[test]", overlap.Message);

        _task.CheckTraining(corpus.Test, corpus.Test.TrackIds(), Parsed.Task(StemCorpus.Task())); // test only: accepted
        _task.CheckTraining(both, [StemCorpus.Duo], Parsed.Task(StemCorpus.Task()));            // only test tracks selected: accepted
        Assert.False(_task.IsSupervised(Parsed.Task(StemCorpus.Task(("method", "clustering"), ("stem_rank", null), ("stem_iter", null),
            ("train_frames", null), ("train_duration", null)))));
    }
}

public class SupervisedSeparationSettingsTests
{
    private static ConfigSection Section(params (string Key, object? Value)[] values) =>
        new("task", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Clustering_stays_the_default_and_the_supervised_methods_read_their_dictionary_settings()
    {
        Assert.Equal(SeparationMethod.Clustering, SeparationSettings.From(Section()).Method);
        Assert.Null(SeparationSettings.From(Section()).Dictionary);

        var semi = SeparationSettings.From(Section(("method", "semi_supervised"),
            ("stem_rank", new Dictionary<string, object?> { ["bass"] = 8L, ["other"] = 24L })));
        Assert.Equal([16, 8, 24, 16], semi.Dictionary!.Ranks);
        Assert.Equal(4, semi.FreeComponents);
        Assert.Equal(SeparationSettings.NearestStem, semi.FreeStem);
        Assert.Equal("vocals", SeparationSettings.From(Section(("method", "supervised"), ("free_stem", "vocals"))).FreeStem);
    }

    [Theory]
    [InlineData("free_components", "supervised", 3L)]
    [InlineData("free_components", "semi_supervised", 0L)]
    [InlineData("stem_rank", "clustering", 8L)]
    [InlineData("stem_rank", "supervised", 0L)]
    [InlineData("n_sources", "supervised", 2L)]
    [InlineData("train_frames", "supervised", 4L)]
    [InlineData("free_stem", "semi_supervised", "piano")]
    [InlineData("silent_stem_db", "clustering", 3L)]
    public void Bad_supervised_settings_fail_naming_their_key(string key, string method, object value)
    {
        var error = Assert.Throws<ConfigKeyException>(() => SeparationSettings.From(Section(("method", method), (key, value))));
        Assert.Equal("task." + key, error.Key);
    }
}
