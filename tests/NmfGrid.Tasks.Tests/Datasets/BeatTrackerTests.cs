using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.BeatTracking;
using NmfGrid.Tasks.Datasets.Synthetic;
using Xunit.Abstractions;

namespace NmfGrid.Tasks.Tests.Datasets;

public class BeatTrackerTests(ITestOutputHelper output)
{
    private const int Rate = 22050;

    /// <summary>Fraction of planted beats with a tracked beat within ±70 ms (mir_eval's F-measure window), and vice versa.</summary>
    private static double FMeasure(IReadOnlyList<double> reference, IReadOnlyList<double> estimate)
    {
        if (reference.Count == 0 || estimate.Count == 0) return 0;
        var used = new bool[estimate.Count];
        var hits = 0;
        foreach (var r in reference)
        {
            var j = Enumerable.Range(0, estimate.Count).Where(k => !used[k] && Math.Abs(estimate[k] - r) <= 0.07)
                .DefaultIfEmpty(-1).MinBy(k => k < 0 ? double.MaxValue : Math.Abs(estimate[k] - r));
            if (j < 0) continue;
            used[j] = true;
            hits++;
        }
        var p = (double)hits / estimate.Count;
        var rcl = (double)hits / reference.Count;
        return p + rcl == 0 ? 0 : 2 * p * rcl / (p + rcl);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void BeatTracker_finds_the_planted_beats_of_a_synthetic_song(int seed)
    {
        var song = StructureSong.Corpus(new SynthesisOptions(Tracks: 1, Seed: seed, Duration: 12), 4)[0];
        var audio = song.RenderMono(Rate);
        var tracked = BeatTracker.Track(audio, Rate);
        var f = FMeasure(song.Plan.Beats.Select(b => b.Time).ToArray(), tracked.Times);
        output.WriteLine($"planted {song.Plan.Bpm} BPM, tracked {tracked.Bpm:F1} BPM, {tracked.Times.Count} beats, F = {f:F3}");
        Assert.InRange(tracked.Bpm, song.Plan.Bpm * 0.96, song.Plan.Bpm * 1.04);
        Assert.True(f >= 0.8, $"F = {f:F3}");
    }

    [Fact]
    public void BeatTracker_bars_follow_the_seed_convention_and_cover_the_song()
    {
        var song = StructureSong.Corpus(new SynthesisOptions(Tracks: 1, Seed: 1, Duration: 12), 4)[0];
        var audio = song.RenderMono(Rate);
        var bars = BeatTracker.Bars(audio, Rate);
        Assert.Equal(0, bars[0].Start);
        Assert.Equal((double)audio.Length / Rate, bars[^1].End, 9);
        Assert.All(bars.Zip(bars.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        // bars[1] runs from the first beat to the first downbeat; the full bars after it start on the planted downbeats.
        var full = bars.Skip(2).SkipLast(1).ToArray();
        output.WriteLine($"{bars.Count} bars: {string.Join(", ", bars.Select(b => $"{b.Start:F2}-{b.End:F2}"))}; planted bar {song.Plan.BarDuration} s from {song.Plan.LeadIn} s");
        Assert.True(full.Length >= song.Plan.BarCount - 2);
        Assert.All(full, b => Assert.Equal(song.Plan.BarDuration, b.Duration, 0.1));
        var planted = song.Plan.Beats.Where(b => b.IsDownbeat).Select(b => b.Time).ToArray();
        Assert.All(full, b => Assert.Contains(planted, t => Math.Abs(t - b.Start) <= 0.07));
    }

    [Fact]
    public void BeatTracker_on_silence_returns_no_beats_and_one_bar()
    {
        var silence = new float[Rate * 3];
        Assert.Empty(BeatTracker.Track(silence, Rate).Times);
        Assert.Equal([new Bar(0, 3)], BeatTracker.Bars(silence, Rate));
    }

    [Fact]
    public void Slaney_mel_scale_is_linear_below_1_kHz_and_logarithmic_above()
    {
        Assert.Equal(15, OnsetEnvelope.HzToMel(1000), 12);
        Assert.Equal(3, OnsetEnvelope.HzToMel(200), 12);
        Assert.Equal(6400, OnsetEnvelope.MelToHz(OnsetEnvelope.HzToMel(6400)), 6);
        Assert.Equal(15 + 27, OnsetEnvelope.HzToMel(6400), 9);
    }
}
