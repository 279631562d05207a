using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public class BarsTests
{
    [Fact]
    public void Bars_start_with_a_pseudo_bar_to_the_first_beat_then_run_downbeat_to_downbeat()
    {
        // A pickup of two beats, then 4/4 bars; the song ends at 10.2 s.
        Beat[] beats = [new(0.5, 3), new(1.0, 4), new(1.5, 1), new(2.0, 2), new(2.5, 3), new(3.0, 4), new(3.5, 1), new(5.5, 1)];
        Assert.Equal([new Bar(0, 0.5), new Bar(0.5, 1.5), new Bar(1.5, 3.5), new Bar(3.5, 5.5), new Bar(5.5, 10.2)], Bars.FromBeats(beats, 10.2));
    }

    [Fact]
    public void Bars_drop_a_first_beat_at_zero_as_the_seed_does()
    {
        Beat[] beats = [new(0, 1), new(2, 1), new(4, 1)];
        Assert.Equal([new Bar(0, 2), new Bar(2, 4), new Bar(4, 6)], Bars.FromBeats(beats, 6));
    }

    [Fact]
    public void Bars_of_a_synthetic_song_match_its_planted_bars()
    {
        var plan = SongPlan.Create(new Random(1), 12);
        var bars = Bars.FromBeats(plan.Beats, plan.End);
        Assert.Equal(plan.BarCount + 1, bars.Count);
        Assert.Equal(new Bar(0, plan.LeadIn), bars[0]);
        Assert.All(bars.Skip(1).SkipLast(1), b => Assert.Equal(plan.BarDuration, b.Duration, 9));
        Assert.Equal(plan.End, bars[^1].End);
    }

    [Fact]
    public void Bars_need_beats_and_a_positive_end()
    {
        Assert.Throws<ArgumentException>(() => Bars.FromBeats([], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bars.FromBeats([new Beat(1, 1)], 0));
    }

    [Fact]
    public void Bars_for_an_annotated_track_come_from_its_beats_without_touching_audio()
    {
        var plan = SongPlan.Create(new Random(2), 10);
        var track = new BeatlesTrack("0101", "a", "b", "x.wav", "x.lab", "x.txt");
        var annotated = new AnnotatedTrack(plan.Beats);
        var bars = Bars.ForTrack(annotated, plan.End, () => throw new InvalidOperationException("audio must not be read"));
        Assert.Equal(Bars.FromBeats(plan.Beats, plan.End), bars);
        Assert.Null(track.Beats);
    }

    [Fact]
    public void Bars_for_a_track_without_beats_come_from_the_beat_tracker()
    {
        var silent = new AnnotatedTrack(null);
        Assert.Equal([new Bar(0, 2)], Bars.ForTrack(silent, 2, () => (new float[16000], 8000)));
    }

    private sealed record AnnotatedTrack(IReadOnlyList<Beat>? Beats) : IStructureTrack
    {
        public string Id => "t";
        public string AudioPath => "t.wav";
        public IReadOnlyList<Section> Sections => [];
    }
}
