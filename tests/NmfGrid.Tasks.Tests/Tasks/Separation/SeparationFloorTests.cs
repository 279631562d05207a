using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Separation;
using NmfGrid.Tasks.Tests.Datasets;
using Xunit.Abstractions;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

/// <summary>
/// A MUSDB18-HQ-layout track with two instruments in disjoint pitch ranges (a bass on MIDI 33, 36, 40 and a keyboard on MIDI 79, 84, 88),
/// drums and vocals silent, written with the synthetic corpora's building blocks (MusdbSynth's songs put four
/// overlapping instruments in every track, not this clean case).
/// </summary>
public sealed class TwoInstrumentMix : IDisposable
{
    public const int SampleRate = 22050;
    public const double Seconds = 4;
    public const string TrackName = "Synthetic Duo - Disjoint Ranges";

    public TempFolder Folder { get; } = new();

    public TwoInstrumentMix()
    {
        int length = (int)(SampleRate * Seconds);
        var bass = new float[length];
        var keys = new float[length];
        int[] bassNotes = [33, 40, 36, 33, 40, 36, 33, 40];
        int[] keyNotes = [88, 79, 84, 88, 79, 84, 88, 79];
        for (int i = 0; i < bassNotes.Length; i++)
            HarmonicTone.Add(bass, SampleRate, i * 0.5, i * 0.5 + 0.45, bassNotes[i], 0.5, Timbre.Bass);
        for (int i = 0; i < keyNotes.Length; i++)
            HarmonicTone.Add(keys, SampleRate, 0.25 + i * 0.45, 0.25 + i * 0.45 + 0.3, keyNotes[i], 0.35, Timbre.Piano);
        var mixture = bass.Zip(keys, (a, b) => a + b).ToArray();
        var silent = new float[length];
        PcmWav.Normalise(mixture, 0.8, mixture, bass, keys);
        var folder = Path.Combine(Folder.Path, "test", TrackName);
        PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(Stem.Mixture)), SampleRate, mixture);
        PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(Stem.Bass)), SampleRate, bass);
        PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(Stem.Other)), SampleRate, keys);
        PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(Stem.Drums)), SampleRate, silent);
        PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(Stem.Vocals)), SampleRate, silent);
        Directory.CreateDirectory(Path.Combine(Folder.Path, "train"));
    }

    public MusdbTrack Track => new MusdbDataset(Folder.Path, MusdbFormat.Wav).Track(TrackName);

    public static ConfigSection Task(params (string Key, object? Value)[] extra) =>
        new("task", new (string, object?)[]
        {
            ("name", "separation"), ("sample_rate", (long)SampleRate), ("n_fft", 1024L), ("hop_length", 512L),
            ("n_sources", 2L), ("duration", 0L),
        }.Concat(extra).GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Last().Item2));

    public static NmfSettings Nmf(int seed = 1) =>
        NmfSettings.From(new ConfigSection("algorithm", new Dictionary<string, object?>
        {
            ["name"] = "mu", ["init"] = "nndsvda", ["rank"] = 6L, ["beta"] = 1.0, ["max_iter"] = 100L,
        }), seed);

    public void Dispose() => Folder.Dispose();
}

public class SeparationFloorTests(TwoInstrumentMix mix, ITestOutputHelper output) : IClassFixture<TwoInstrumentMix>
{
    [Fact]
    public void Separation_of_a_two_instrument_mix_with_disjoint_pitch_ranges_reaches_a_mean_si_sdr_above_5_dB()
    {
        var outcome = TrackPipeline.Run(new SeparationTask(), mix.Track, Parsed.Task(TwoInstrumentMix.Task()), TwoInstrumentMix.Nmf(), new ManagedBlas());
        foreach (var (key, value) in outcome.Metrics.OrderBy(m => m.Key)) output.WriteLine($"{key} = {value:F3}");
        Assert.True(outcome.Metrics["si_sdr.mean"] > 5, $"mean SI-SDR {outcome.Metrics["si_sdr.mean"]:F2} dB");
        Assert.True(outcome.Metrics.ContainsKey("si_sdr.bass") && outcome.Metrics.ContainsKey("si_sdr.other"));
        Assert.False(outcome.Metrics.ContainsKey("si_sdr.vocals")); // silent stems are skipped, as the seed does
        Assert.Contains("argmax.si_sdr.mean", outcome.Metrics.Keys);
    }

    [Fact]
    public void Separation_floor_holds_for_every_job_seed_tried_not_just_one()
    {
        var task = new SeparationTask();
        var input = task.Prepare(mix.Track, Parsed.Task(TwoInstrumentMix.Task()), null, default);
        var factors = NmfGrid.Compute.Factorization.Run(input.V, "mu", "nndsvda", TwoInstrumentMix.Nmf().Options, new ManagedBlas());
        var settings = TwoInstrumentMix.Task(("stability_seeds", 0L));
        var means = Enumerable.Range(0, 6).Select(seed => task.Score(input with { Seed = seed }, factors, Parsed.Task(settings), default)["si_sdr.mean"]).ToArray();
        output.WriteLine(string.Join(" ", means.Select(m => m.ToString("F2"))));
        Assert.All(means, m => Assert.True(m > 5, $"mean SI-SDR {m:F2} dB"));
    }

    [Fact]
    public void A_near_silent_stem_is_not_scored_and_is_counted_as_silent()
    {
        var task = new SeparationTask();
        var input = (StemMixture)task.Prepare(mix.Track, Parsed.Task(TwoInstrumentMix.Task()), null, default);
        // Vocals: noise 100 dB below the mixture, where the files held exact zeros (16-bit PCM cannot hold it).
        double mixtureRms = Math.Sqrt(input.Mixture.Average(x => x * x));
        var random = new Random(3);
        var faint = input.References[3].Select(_ => (random.NextDouble() - 0.5) * Math.Sqrt(12) * mixtureRms * 1e-5).ToArray();
        var nearSilent = input with { References = [input.References[0], input.References[1], input.References[2], faint] };
        var factors = NmfGrid.Compute.Factorization.Run(input.V, "mu", "nndsvda", TwoInstrumentMix.Nmf().Options, new ManagedBlas());
        // Three sources, so that the one-to-one assignment gives the faint stem an estimate when it counts as a source.
        var settings = TwoInstrumentMix.Task(("stability_seeds", 0L), ("n_sources", 3L));

        var metrics = task.Score(nearSilent, factors, Parsed.Task(settings), default);
        var exact = task.Score(input, factors, Parsed.Task(settings), default);
        Assert.Equal(2, metrics["silent_stems"]); // drums (all zero) and vocals (−100 dB)
        Assert.DoesNotContain("si_sdr.vocals", metrics.Keys);
        Assert.DoesNotContain("argmax.si_sdr.vocals", metrics.Keys);
        Assert.Equal(exact["si_sdr.mean"], metrics["si_sdr.mean"], 12);
        Assert.Equal(exact["argmax.si_sdr.mean"], metrics["argmax.si_sdr.mean"], 12);

        // With the threshold off (the seed's rule: all-zero stems only) the faint stem is scored, far below the others.
        var scored = task.Score(nearSilent, factors,
            Parsed.Task(TwoInstrumentMix.Task(("stability_seeds", 0L), ("n_sources", 3L), ("silent_stem_db", "none"))), default);
        output.WriteLine($"threshold off: si_sdr.vocals {scored["si_sdr.vocals"]:F2}, mean {scored["si_sdr.mean"]:F2}; -60 dB: mean {metrics["si_sdr.mean"]:F2}");
        Assert.Equal(1, scored["silent_stems"]);
        Assert.True(scored["si_sdr.vocals"] < -30, $"si_sdr.vocals {scored["si_sdr.vocals"]:F1} dB");
        Assert.True(scored["si_sdr.mean"] < metrics["si_sdr.mean"] - 10);
    }

    [Fact]
    public void Separation_reconstructs_the_full_length_by_default_and_hop_times_frames_in_the_seed_preset()
    {
        var task = new SeparationTask();
        var input = (StemMixture)task.Prepare(mix.Track, Parsed.Task(TwoInstrumentMix.Task()), null, default);
        var factors = NmfGrid.Compute.Factorization.Run(input.V, "mu", "nndsvda",
            TwoInstrumentMix.Nmf().Options with { MaxIterations = 20 }, new ManagedBlas());
        int frames = input.V.ColumnCount;

        var full = SourceSeparation.Run(input, factors, SeparationSettings.From(TwoInstrumentMix.Task()), 0);
        Assert.All(full.Estimates, e => Assert.Equal(input.MixtureLength, e.Length));
        Assert.Equal((int)(TwoInstrumentMix.SampleRate * TwoInstrumentMix.Seconds), input.MixtureLength);

        var seed = SourceSeparation.Run(input, factors, SeparationSettings.From(TwoInstrumentMix.Task(("preset", "seed"))), 0);
        Assert.All(seed.Estimates, e => Assert.Equal(512 * (frames - 1), e.Length));
    }

    [Fact]
    public void Wiener_estimates_sum_back_to_the_mixture()
    {
        var task = new SeparationTask();
        var input = (StemMixture)task.Prepare(mix.Track, Parsed.Task(TwoInstrumentMix.Task()), null, default);
        var factors = NmfGrid.Compute.Factorization.Run(input.V, "mu", "nndsvda",
            TwoInstrumentMix.Nmf().Options with { MaxIterations = 10 }, new ManagedBlas());
        var result = SourceSeparation.Run(input, factors, SeparationSettings.From(TwoInstrumentMix.Task()), 0);
        var mixture = NmfGrid.Tasks.Features.Stft.Inverse(input.Spectrum, 512, input.MixtureLength);
        for (int n = 0; n < mixture.Length; n += 97)
            Assert.Equal(mixture[n], result.Estimates.Sum(e => e[n]), 1e-9); // a tolerance, not rounding to 9 places: a sample of 0.4169921875 flips either way
    }

    [Fact]
    public void Separation_writes_stems_when_asked_and_rejects_more_sources_than_components()
    {
        using var folder = new TempFolder();
        var task = new SeparationTask();
        var settings = TwoInstrumentMix.Task(("write_audio_to", folder.Path), ("stability_seeds", 0L));
        var outcome = TrackPipeline.Run(task, mix.Track, Parsed.Task(settings), TwoInstrumentMix.Nmf(), new ManagedBlas());
        Assert.Equal(2, Directory.GetFiles(folder.Combine(TwoInstrumentMix.TrackName), "*.wav").Length);
        Assert.DoesNotContain("clustering.stability", outcome.Metrics.Keys);

        var error = Assert.Throws<ArgumentException>(() =>
            TrackPipeline.Run(task, mix.Track, Parsed.Task(TwoInstrumentMix.Task(("n_sources", 9L))), TwoInstrumentMix.Nmf(), new ManagedBlas()));
        Assert.Contains("n_sources", error.Message);
    }
}
