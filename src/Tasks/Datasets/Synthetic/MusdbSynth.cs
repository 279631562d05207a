namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>A planted MUSDB-like track: name, subset and song plan (the stems follow from the plan and seed).</summary>
public sealed record MusdbSong(string Name, string Subset, SongPlan Plan, int Seed);

/// <summary>
/// MUSDB18-HQ-like tracks: `{train,test}/&lt;Artist - Title&gt;/{mixture,drums,bass,other,vocals}.wav`, 44.1 kHz stereo
/// 16-bit; mixture = sum of the four stems (before each file is rounded to 16 bits). Even-numbered tracks go to test/
/// (the seed evaluates on test), odd ones to train/. No name matches the official validation split.
/// </summary>
public sealed class MusdbSynth : ISyntheticCorpus
{
    public const double DefaultDuration = 12;
    public const int DefaultSampleRate = 44100;

    /// <summary>Left/right gains per stem, so the stereo image is not trivially mono.</summary>
    private static readonly IReadOnlyDictionary<Stem, (float Left, float Right)> Pan = new Dictionary<Stem, (float, float)>
    {
        [Stem.Drums] = (1f, 1f), [Stem.Bass] = (1f, 1f), [Stem.Other] = (0.7f, 1f), [Stem.Vocals] = (1f, 0.8f),
    };

    public string Kind => "musdb18hq";
    public string Dataset => "musdb18hq";

    public static IReadOnlyList<MusdbSong> Plan(SynthesisOptions options)
    {
        options.Check();
        var duration = options.Duration ?? DefaultDuration;
        return Enumerable.Range(0, options.Tracks).Select(i =>
        {
            var random = options.TrackRandom(i, 3);
            return new MusdbSong($"Synthetic Band {i + 1:D2} - Planted Song", i % 2 == 0 ? "test" : "train",
                SongPlan.Create(random, duration), random.Next());
        }).ToArray();
    }

    public void Write(string root, SynthesisOptions options)
    {
        var sampleRate = options.SampleRate ?? DefaultSampleRate;
        foreach (var subset in Musdb18.Subsets) Directory.CreateDirectory(Path.Combine(root, subset));
        foreach (var song in Plan(options))
        {
            var folder = Path.Combine(root, song.Subset, song.Name);
            var stems = SongRenderer.RenderStems(song.Plan, sampleRate, song.Seed);
            var left = stems.ToDictionary(s => s.Key, s => s.Value.Select(x => x * Pan[s.Key].Left).ToArray());
            var right = stems.ToDictionary(s => s.Key, s => s.Value.Select(x => x * Pan[s.Key].Right).ToArray());
            var mixLeft = SongRenderer.Mix(left);
            var mixRight = SongRenderer.Mix(right);
            var peak = Math.Max(mixLeft.Max(MathF.Abs), mixRight.Max(MathF.Abs));
            var all = left.Values.Concat(right.Values).Append(mixLeft).Append(mixRight).ToArray();
            PcmWav.Normalise([peak], 0.8, all);
            PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(Stem.Mixture)), sampleRate, mixLeft, mixRight);
            foreach (var stem in Musdb18.Stems.Skip(1))
                PcmWav.Write(Path.Combine(folder, Musdb18.WavFileName(stem)), sampleRate, left[stem], right[stem]);
        }
    }
}
