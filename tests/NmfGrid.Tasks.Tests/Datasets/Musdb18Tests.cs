using NAudio.Wave;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public sealed class MusdbCorpus : IDisposable
{
    public static readonly SynthesisOptions Options = new(Tracks: 3, Seed: 3, Duration: 3, SampleRate: 16000);
    public TempFolder Folder { get; } = new();
    public MusdbCorpus() => new MusdbSynth().Write(Folder.Path, Options);
    public void Dispose() => Folder.Dispose();
}

public class Musdb18Tests(MusdbCorpus corpus) : IClassFixture<MusdbCorpus>
{
    [Fact]
    public void Musdb18hq_loader_enumerates_synthetic_tracks_by_subset_then_name_with_five_wavs_each()
    {
        var dataset = new MusdbDataset(corpus.Folder.Path, MusdbFormat.Wav);
        var planted = MusdbSynth.Plan(MusdbCorpus.Options);
        var expected = planted.OrderBy(s => s.Subset == "test").ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Name);
        Assert.Equal(expected, dataset.TrackIds());
        Assert.Empty(dataset.Validate());
        foreach (var song in planted)
        {
            var track = dataset.Track(song.Name);
            Assert.Equal(song.Subset, track.Subset);
            Assert.Equal(Musdb18.Stems, track.StemPaths.Keys.Order());
            Assert.All(track.StemPaths.Values, p => Assert.True(File.Exists(p)));
            Assert.EndsWith("mixture.wav", track.AudioPath);
        }
        Assert.Equal(planted.Count(s => s.Subset == "test"), new MusdbDataset(corpus.Folder.Path, MusdbFormat.Wav, ["test"]).TrackIds().Count);
    }

    [Fact]
    public void Synthetic_musdb_mixture_is_the_sum_of_its_stems_to_16_bit_rounding()
    {
        var track = new MusdbDataset(corpus.Folder.Path, MusdbFormat.Wav).Track(MusdbSynth.Plan(MusdbCorpus.Options)[0].Name);
        var mixture = Samples(track.StemPaths[Stem.Mixture]);
        var sum = new float[mixture.Length];
        foreach (var stem in Musdb18.Stems.Skip(1))
        {
            var s = Samples(track.StemPaths[stem]);
            Assert.Equal(mixture.Length, s.Length);
            for (var i = 0; i < s.Length; i++) sum[i] += s[i];
        }
        Assert.True(mixture.Max(MathF.Abs) > 0.5f);
        for (var i = 0; i < mixture.Length; i++) Assert.True(Math.Abs(mixture[i] - sum[i]) < 4.0 / 32768, $"sample {i}");
    }

    [Fact]
    public void Musdb18_split_valid_keeps_the_14_official_validation_tracks_of_train()
    {
        using var folder = new TempFolder();
        folder.Write("train/Actions - One Minute Smile.stem.mp4", "....ftypisom");
        folder.Write("train/Other Artist - Song.stem.mp4", "....ftypisom");
        folder.Write("test/Test Artist - Song.stem.mp4", "....ftypisom");
        Assert.Equal(["Actions - One Minute Smile"], new MusdbDataset(folder.Path, MusdbFormat.Stems, ["train"], "valid").TrackIds());
        Assert.Equal(["Other Artist - Song"], new MusdbDataset(folder.Path, MusdbFormat.Stems, ["train"], "train").TrackIds());
        var all = new MusdbDataset(folder.Path, MusdbFormat.Stems);
        Assert.Equal(3, all.TrackIds().Count);
        Assert.Empty(all.Validate());
        var track = all.Track("Test Artist - Song");
        Assert.Equal("test", track.Split);
        Assert.All(track.StemPaths.Values, p => Assert.Equal(track.AudioPath, p));
        Assert.Equal(14, Musdb18.ValidationTracks.Count);
    }

    [Fact]
    public void Musdb18_split_needs_the_train_subset_alone()
    {
        Assert.Throws<ArgumentException>(() => new MusdbDataset("/x", MusdbFormat.Stems, ["test"], "valid"));
        Assert.Throws<ArgumentException>(() => new MusdbDataset("/x", MusdbFormat.Stems, null, "valid"));
        Assert.Throws<ArgumentException>(() => new MusdbDataset("/x", MusdbFormat.Stems, ["dev"]));
    }

    [Fact]
    public void A_missing_subset_is_a_note_by_default_and_a_problem_when_asked_for_or_when_no_track_is_found()
    {
        using var folder = new TempFolder();
        folder.Write("test/Good - Song.stem.mp4", "....ftypisom");

        var all = new MusdbDataset(folder.Path, MusdbFormat.Stems);
        Assert.Empty(all.Validate());
        Assert.Equal([$"{folder.Combine("train")}: subset folder not found; reading the tracks of test only"], ((IDataset)all).Notes());

        var asked = new MusdbDataset(folder.Path, MusdbFormat.Stems, ["train", "test"]);
        Assert.Equal([new DatasetProblem(folder.Combine("train"), "subset folder not found")], asked.Validate());
        Assert.Empty(((IDataset)asked).Notes());

        using var empty = new TempFolder();
        Directory.CreateDirectory(empty.Combine("test"));
        var none = new MusdbDataset(empty.Path, MusdbFormat.Stems).Validate();
        Assert.Contains(new DatasetProblem(empty.Combine("train"), "subset folder not found"), none);
        Assert.Contains(none, p => p.Problem.StartsWith("no musdb18 tracks"));
    }

    [Fact]
    public void Musdb18_validation_reports_a_corrupt_stem_file_and_missing_wav_stems()
    {
        using var folder = new TempFolder();
        folder.Write("train/Broken - Song.stem.mp4", "this is no mp4");
        folder.Write("test/Good - Song.stem.mp4", "....ftypisom");
        var stems = new MusdbDataset(folder.Path, MusdbFormat.Stems).Validate();
        Assert.Equal([folder.Combine("train", "Broken - Song.stem.mp4")], stems.Select(p => p.Path));

        new MusdbSynth().Write(folder.Combine("hq"), MusdbCorpus.Options with { Tracks = 2 });
        var hq = new MusdbDataset(folder.Combine("hq"), MusdbFormat.Wav);
        var first = hq.Track(hq.TrackIds()[0]);
        File.Delete(first.StemPaths[Stem.Vocals]);
        File.Delete(first.StemPaths[Stem.Bass]);
        var problems = hq.Validate();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Path == first.StemPaths[Stem.Vocals] && p.Problem == "audio file not found");
        Assert.Contains(problems, p => p.Path == first.StemPaths[Stem.Bass]);
    }

    private static float[] Samples(string path)
    {
        using var reader = new AudioFileReaderless(path);
        return reader.Samples;
    }

    /// <summary>Reads 16-bit PCM interleaved samples as floats.</summary>
    private sealed class AudioFileReaderless : IDisposable
    {
        private readonly WaveFileReader reader;

        public AudioFileReaderless(string path)
        {
            reader = new WaveFileReader(path);
            var bytes = new byte[reader.Length];
            var read = reader.Read(bytes, 0, bytes.Length);
            Samples = new float[read / 2];
            for (var i = 0; i < Samples.Length; i++) Samples[i] = BitConverter.ToInt16(bytes, 2 * i) / 32767f;
        }

        public float[] Samples { get; }
        public void Dispose() => reader.Dispose();
    }
}
