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

    // The cache holds only the bins up to max_frequency, under a key of its own: the same V with a cache as without,
    // again from the entry, and the whole-spectrogram entry of the same file and parameters is neither read nor written.
    [Fact]
    public void Prepare_caches_only_the_bins_up_to_max_frequency_and_gives_the_same_features()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 2, Duration: 3, SampleRate: 8000));
        var dataset = new MapsDataset(folder.Path, cropSeconds: 2);
        var track = dataset.Track(dataset.TrackIds()[0]);
        var task = new TranscriptionTask();
        var settings = task.Parse(TranscriptionFloorTests.Section("task", ("sample_rate", 8000L), ("n_fft", 640L), ("hop_length", 160L),
                                                                  ("max_frequency", 1000.0)));
        var cache = new NmfGrid.Tasks.Features.FeatureCache(Path.Combine(folder.Path, "cache"));

        var plain = ((TranscriptionInput)task.Prepare(track, settings, null, default)).V;
        var computed = ((TranscriptionInput)task.Prepare(track, settings, cache, default)).V;
        cache.Flush(); // the entry is written behind
        var entries = Directory.GetFiles(cache.Directory, "*.feat");
        var reread = ((TranscriptionInput)task.Prepare(track, settings, cache, default)).V;

        Assert.Equal(81, plain.RowCount); // ⌊1000·640/8000⌋ + 1
        Assert.Equal(plain, computed);
        Assert.Equal(plain, reread);
        var entry = Assert.Single(entries);
        Assert.StartsWith("stft-low-", Path.GetFileName(entry));
        Assert.True(new FileInfo(entry).Length < 81 * plain.ColumnCount * sizeof(double) + 200);
    }

    // Without max_frequency (the seed preset) the entry is the whole spectrogram's, under the file's feature key, as
    // FeatureCache.GetOrCompute(audioPath, …) names it: entries written before are still found.
    [Fact]
    public void Prepare_without_max_frequency_caches_the_whole_spectrogram_under_the_file_s_feature_key()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 3, Duration: 3, SampleRate: 8000));
        var dataset = new MapsDataset(folder.Path, cropSeconds: 2);
        var track = dataset.Track(dataset.TrackIds()[0]);
        var task = new TranscriptionTask();
        var settings = (TranscriptionSettings)task.Parse(TranscriptionFloorTests.Section("task", ("sample_rate", 8000L), ("n_fft", 640L), ("hop_length", 160L)));
        var cache = new NmfGrid.Tasks.Features.FeatureCache(Path.Combine(folder.Path, "cache"));

        var v = ((TranscriptionInput)task.Prepare(track, settings, cache, default)).V;
        cache.Flush(); // the entry is written behind

        var read = new NmfGrid.Tasks.Audio.AudioReadOptions { SampleRate = 8000, Mono = true, Duration = track.Duration };
        var key = NmfGrid.Tasks.Features.FeatureCacheKey.ForFile(track.AudioPath, read, settings.Features);
        Assert.Equal(cache.PathOf(key), Assert.Single(Directory.GetFiles(cache.Directory, "*.feat")));
        Assert.True(cache.TryGet(key, out var cached));
        Assert.Equal(321, v.RowCount);
        Assert.Equal(v, cached);
        Assert.Equal(v, NmfGrid.Tasks.Features.Spectrogram.Compute(NmfGrid.Tasks.Audio.AudioReader.Read(track.AudioPath, read), settings.Features));
    }
}
