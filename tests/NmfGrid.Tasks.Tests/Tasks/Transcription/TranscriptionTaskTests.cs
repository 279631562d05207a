using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Tests.Datasets;
using NmfGrid.Tasks.Transcription;

namespace NmfGrid.Tasks.Tests.Tasks.Transcription;

public class TranscriptionTaskTests
{
    private sealed record PlainTrack(string Id, string AudioPath) : ITrack;

    [Fact]
    public void Transcription_is_registered_and_accepts_its_config_keys()
    {
        var task = TaskRegistry.Get("transcription");
        Assert.IsType<TranscriptionTask>(task);
        task.Parse(TranscriptionFloorTests.Section("task", ("name", "transcription"), ("preset", "seed")));
        Assert.Throws<ConfigKeyException>(() => task.Parse(TranscriptionFloorTests.Section("task", ("onset", 0.1))));
    }

    [Fact]
    public void Transcription_refuses_a_track_without_notes()
    {
        var task = new TranscriptionTask();
        var track = new PlainTrack("x", "x.wav");
        Assert.False(task.Accepts(track));
        var nmf = NmfSettings.From(ConfigSection.Empty("algorithm"), 0);
        var e = Assert.Throws<ArgumentException>(() => TrackPipeline.Run(task, track, task.Parse(ConfigSection.Empty("task")), nmf, new ManagedBlas()));
        Assert.Contains("'x'", e.Message);
    }

    [Fact]
    public void Prepare_gives_the_STFT_magnitude_of_the_crop_with_bin_centre_frequencies()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 1, Duration: 3, SampleRate: 8000));
        var dataset = new MapsDataset(folder.Path, cropSeconds: 2);
        var track = dataset.Track(dataset.TrackIds()[0]);
        var settings = TranscriptionFloorTests.Section("task", ("sample_rate", 8000L), ("n_fft", 640L), ("hop_length", 160L));
        var input = (TranscriptionInput)new TranscriptionTask().Prepare(track, new TranscriptionTask().Parse(settings), null, default);
        Assert.Equal(321, input.V.RowCount);
        Assert.Equal(1 + 16000 / 160, input.V.ColumnCount); // 2 s crop, centred frames
        Assert.Equal(12.5, input.RowFrequencies![1], 12);
        Assert.Equal(4000, input.RowFrequencies[^1], 12);
        Assert.Equal(track.Notes, input.Reference);
    }
}
