using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Datasets;

// MUSDB18 and MUSDB18-HQ: 150 full-length music tracks (about 10 h) with isolated drums, bass, other and vocals stems,
// 44.1 kHz stereo; 100 tracks in train/ (86 train + 14 validation in the official split) and 50 in test/.
// MUSDB18 stores each track as one NI STEMS .stem.mp4 (5 AAC streams: mixture, drums, bass, other, vocals);
// MUSDB18-HQ stores uncompressed WAV folders. Read here as the `musdb` package reads them.
// Cite: Z. Rafii, A. Liutkus, F.-R. Stöter, S. I. Mimilakis, R. Bittner, "The MUSDB18 corpus for music separation",
// 2017, doi:10.5281/zenodo.1117372 (HQ: doi:10.5281/zenodo.3338373).

/// <summary>How MUSDB18 stores its audio on disk.</summary>
public enum MusdbFormat
{
    /// <summary>MUSDB18: `root/{train,test}/&lt;Artist - Title&gt;.stem.mp4`.</summary>
    Stems,

    /// <summary>MUSDB18-HQ: `root/{train,test}/&lt;Artist - Title&gt;/{mixture,drums,bass,other,vocals}.wav`.</summary>
    Wav,
}

/// <summary>MUSDB18 layout facts: subsets, the official validation split, the stem files.</summary>
public static class Musdb18
{
    public static readonly IReadOnlyList<string> Subsets = ["train", "test"];

    /// <summary>The 14 tracks of train/ that form the official validation split (musdb `split='valid'`).</summary>
    public static readonly IReadOnlySet<string> ValidationTracks = new HashSet<string>(StringComparer.Ordinal)
    {
        "Actions - One Minute Smile", "Clara Berry And Wooldog - Waltz For My Victims", "Johnny Lokke - Promises & Lies",
        "Patrick Talbot - A Reason To Leave", "Triviul - Angelsaint", "Alexander Ross - Goodbye Bolero",
        "Fergessen - Nos Palpitants", "Leaf - Summerghost", "Skelpolu - Human Mistakes", "Young Griffo - Pennies",
        "ANiMAL - Rockshow", "James May - On The Line", "Meaxic - Take A Step", "Traffic Experiment - Sirens",
    };

    /// <summary>Stems in stream order; the separation targets are all but the mixture.</summary>
    public static readonly IReadOnlyList<Stem> Stems = [Stem.Mixture, Stem.Drums, Stem.Bass, Stem.Other, Stem.Vocals];

    public const string StemsExtension = ".stem.mp4";

    /// <summary>File name of a stem in a MUSDB18-HQ track folder (mixture.wav, drums.wav, …).</summary>
    public static string WavFileName(Stem stem) => stem.ToString().ToLowerInvariant() + ".wav";

    /// <summary>
    /// `dataset.subsets`: one subset name or a list of them (train, test); null (both) when absent. A supervised
    /// separation method scores `subsets: [test]` and learns from train/.
    /// </summary>
    public static IReadOnlyList<string>? SubsetsOption(ConfigSection options)
    {
        if (!options.Values.TryGetValue("subsets", out var value) || value is null) return null;
        var names = value switch
        {
            string one => [one],
            List<object?> list => list.Select(v => v as string
                ?? throw new ConfigKeyException(options.Key("subsets"), $"expected subset names (train, test), got '{v}'")).ToArray(),
            _ => throw new ConfigKeyException(options.Key("subsets"), $"expected a subset name or a list of them (train, test), got '{value}'"),
        };
        var unknown = names.FirstOrDefault(n => !Subsets.Contains(n));
        if (unknown is not null || names.Length == 0)
            throw new ConfigKeyException(options.Key("subsets"), $"'{unknown}' is not a MUSDB18 subset (train, test)");
        return names;
    }

    /// <summary>The split of a train/ track: "valid" for the 14 official validation tracks, else "train".</summary>
    public static string SplitOf(string trackName) => ValidationTracks.Contains(trackName) ? "valid" : "train";
}

/// <summary>One MUSDB18 track. For .stem.mp4 every stem points to the same file; the stream index is the <see cref="Stem"/> value.</summary>
public sealed record MusdbTrack(string Id, string Subset, MusdbFormat Format, IReadOnlyDictionary<Stem, string> StemPaths) : IStemTrack
{
    /// <summary>Track name, "Artist - Title".</summary>
    public string Name => Id;

    public string AudioPath => StemPaths[Stem.Mixture];

    /// <summary>"train", "valid" (train/ only) or "test".</summary>
    public string Split => Subset == "test" ? "test" : Musdb18.SplitOf(Id);
}

/// <summary>MUSDB18 (stem.mp4) or MUSDB18-HQ (wav folders), optionally restricted to subsets and to the train/valid split.</summary>
public sealed class MusdbDataset : IStemTrainingSet
{
    private readonly Lazy<IReadOnlyList<MusdbTrack>> tracks;

    public MusdbDataset(string root, MusdbFormat format, IReadOnlyList<string>? subsets = null, string? split = null)
    {
        Root = root;
        Format = format;
        ChosenSubsets = subsets ?? Musdb18.Subsets;
        SubsetsAskedFor = subsets is not null;
        var unknown = ChosenSubsets.FirstOrDefault(s => !Musdb18.Subsets.Contains(s));
        if (unknown is not null) throw new ArgumentException($"Unknown MUSDB18 subset '{unknown}' (train or test).", nameof(subsets));
        if (split is not null && split is not ("train" or "valid"))
            throw new ArgumentException($"Unknown MUSDB18 split '{split}' (train or valid).", nameof(split));
        if (split is not null && !(ChosenSubsets.Count == 1 && ChosenSubsets[0] == "train"))
            throw new ArgumentException("A MUSDB18 split (train/valid) needs subsets = [train], as in musdb.", nameof(split));
        Split = split;
        tracks = new(Index);
    }

    public string Name => Format == MusdbFormat.Stems ? "musdb18" : "musdb18hq";
    public string Root { get; }
    public MusdbFormat Format { get; }
    public IReadOnlyList<string> ChosenSubsets { get; }

    /// <summary>Whether the subsets were chosen, not the default: then a missing subset folder is a problem.</summary>
    public bool SubsetsAskedFor { get; }
    public string? Split { get; }

    /// <summary>Tracks sorted by name within each subset, subsets in the order chosen.</summary>
    public IReadOnlyList<string> TrackIds() => tracks.Value.Select(t => t.Id).ToArray();

    public MusdbTrack Track(string id) =>
        tracks.Value.FirstOrDefault(t => t.Id == id) ?? throw new KeyNotFoundException($"No {Name} track '{id}' under {Root}.");

    ITrack IDataset.Track(string id) => Track(id);

    /// <summary>The train/ tracks of the same root, whatever subsets this dataset reads.</summary>
    public IReadOnlyList<IStemTrack> TrainingTracks()
    {
        var training = new MusdbDataset(Root, Format, ["train"]);
        return training.TrackIds().Select(training.Track).ToArray();
    }

    public bool IsTraining(ITrack track) => track is MusdbTrack { Subset: "train" };

    public IReadOnlyList<DatasetProblem> Validate()
    {
        if (!Directory.Exists(Root)) return [new DatasetProblem(Root, "dataset root not found")];
        var problems = new List<DatasetProblem>();
        // With the default (both subsets) a download of one subset is complete for what it holds: a note, not a problem.
        if (SubsetsAskedFor || tracks.Value.Count == 0)
            problems.AddRange(MissingSubsets().Select(folder => new DatasetProblem(folder, "subset folder not found")));
        if (tracks.Value.Count == 0)
            problems.Add(new DatasetProblem(Root, $"no {Name} tracks found in {string.Join(", ", ChosenSubsets)}"));
        foreach (var track in tracks.Value)
        {
            var paths = track.StemPaths.Values.Distinct().ToArray();
            foreach (var path in paths)
                if (AudioFileCheck.Problem(path) is { } problem) problems.Add(new DatasetProblem(path, problem));
            if (Format == MusdbFormat.Wav && paths.All(p => AudioFileCheck.Problem(p) is null))
            {
                var lengths = paths.Select(AudioFileCheck.WavDuration).Distinct().ToArray();
                if (lengths.Length > 1)
                    problems.Add(new DatasetProblem(Path.GetDirectoryName(track.AudioPath)!,
                        $"stems differ in length ({string.Join(", ", lengths.Select(l => $"{l:F3} s"))})"));
            }
        }
        return problems;
    }

    public IReadOnlyList<string> Notes() =>
        SubsetsAskedFor || tracks.Value.Count == 0
            ? []
            : MissingSubsets().Select(folder => $"{folder}: subset folder not found; reading the tracks of "
                + string.Join(", ", ChosenSubsets.Where(s => Directory.Exists(Path.Combine(Root, s)))) + " only").ToArray();

    private IEnumerable<string> MissingSubsets() =>
        ChosenSubsets.Select(s => Path.Combine(Root, s)).Where(folder => !Directory.Exists(folder));

    private IReadOnlyList<MusdbTrack> Index()
    {
        var list = new List<MusdbTrack>();
        foreach (var subset in ChosenSubsets)
        {
            var folder = Path.Combine(Root, subset);
            if (!Directory.Exists(folder)) continue;
            var found = Format == MusdbFormat.Wav
                ? Directory.EnumerateDirectories(folder).Select(d => (Name: Path.GetFileName(d), Path: d))
                : Directory.EnumerateFiles(folder, "*" + Musdb18.StemsExtension)
                    .Select(f => (Name: Path.GetFileName(f)[..^Musdb18.StemsExtension.Length], Path: f));
            foreach (var (name, path) in found.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                var stems = Musdb18.Stems.ToDictionary(s => s,
                    s => Format == MusdbFormat.Wav ? System.IO.Path.Combine(path, Musdb18.WavFileName(s)) : path);
                var track = new MusdbTrack(name, subset, Format, stems);
                if (Split is null || track.Split == Split) list.Add(track);
            }
        }
        return list;
    }
}

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
