using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public class TrackAudioTests
{
    [Fact]
    public void TrackAudio_crops_a_MAPS_track_to_its_duration()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Duration: 3, SampleRate: 8000));
        var dataset = new MapsDataset(folder.Path, cropSeconds: 2);
        var signal = TrackAudio.Read(dataset.Track(dataset.TrackIds()[0]));
        Assert.Equal(1, signal.ChannelCount);
        Assert.Equal(2.0, signal.DurationSeconds, 3);
        Assert.Equal(3.0, TrackAudio.Read(dataset.Track(dataset.TrackIds()[0]), AudioReadOptions.Default with { Duration = 5 }).DurationSeconds, 3);
    }

    [Fact]
    public void TrackAudio_reads_each_musdb18hq_stem_from_its_own_file()
    {
        using var folder = new TempFolder();
        new MusdbSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Duration: 3, SampleRate: 8000));
        var dataset = new MusdbDataset(folder.Path, MusdbFormat.Wav);
        var track = dataset.Track(dataset.TrackIds()[0]);
        var mixture = TrackAudio.Read(track).Mono();
        var sum = new float[mixture.Length];
        foreach (var stem in Musdb18.Stems.Skip(1))
        {
            var s = TrackAudio.ReadStem(track, stem).Mono();
            for (var i = 0; i < s.Length; i++) sum[i] += s[i];
        }
        Assert.All(Enumerable.Range(0, mixture.Length), i => Assert.True(Math.Abs(mixture[i] - sum[i]) < 1e-3));
    }

    [Fact]
    public void TrackAudio_bars_of_an_annotated_track_end_at_the_audio_end()
    {
        using var folder = new TempFolder();
        new BeatlesSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Duration: 6, SampleRate: 8000));
        var track = new BeatlesDataset(folder.Path).Track("0101");
        var plan = BeatlesSynth.Plan(new SynthesisOptions(Tracks: 1, Duration: 6))[0].Plan;
        var bars = TrackAudio.Bars(track);
        Assert.Equal(Bars.FromBeats(plan.Beats, plan.End), bars);
    }
}
