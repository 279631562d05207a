using System.Globalization;
using System.Text;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Coordinator.Tests.Extending;

// A dataset defined outside NmfGrid, as docs/extending.md shows: its loader and its synthetic generator in one file,
// registered once (ChimesDataset.Register). Layout: <root>/chime_NN.wav, each with <root>/chime_NN.txt holding one
// planted note a line, `onset TAB offset TAB midi pitch` in seconds.

/// <summary>One chime recording and its planted notes (loaded on first use). As an <see cref="INoteTrack"/> it is a
/// track the transcription task accepts; reconstruction accepts any track.</summary>
public sealed record ChimeTrack(string Id, string AudioPath, string NotesPath) : INoteTrack
{
    private readonly Lazy<IReadOnlyList<Note>> notes = new(() => ChimesDataset.LoadNotes(NotesPath));

    public IReadOnlyList<Note> Notes => notes.Value;
    public double? Duration => null;
}

/// <summary>The chimes: every WAV under the root is a track.</summary>
public sealed class ChimesDataset(string root) : IDataset
{
    public const string DatasetName = "chimes";

    /// <summary>The one registration: the loader and its generator under one name.</summary>
    public static void Register() => DatasetRegistry.Register(DatasetName, root => new ChimesDataset(root), new ChimesSynth());

    public string Name => DatasetName;
    public string Root { get; } = root;

    public IReadOnlyList<string> TrackIds() =>
        Directory.Exists(Root)
            ? Directory.EnumerateFiles(Root, "*.wav").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    public ITrack Track(string id) =>
        File.Exists(Path.Combine(Root, id + ".wav"))
            ? new ChimeTrack(id, Path.Combine(Root, id + ".wav"), Path.Combine(Root, id + ".txt"))
            : throw new KeyNotFoundException($"No chime '{id}' under {Root}.");

    public IReadOnlyList<DatasetProblem> Validate()
    {
        if (!Directory.Exists(Root)) return [new DatasetProblem(Root, "dataset root not found")];
        var problems = new List<DatasetProblem>();
        foreach (var track in TrackIds().Select(Track).Cast<ChimeTrack>())
        {
            if (AudioFileCheck.Problem(track.AudioPath) is { } audio) problems.Add(new DatasetProblem(track.AudioPath, audio));
            if (AnnotationFile.Check(track.NotesPath, () => LoadNotes(track.NotesPath)) is { } notes) problems.Add(notes);
        }
        return problems;
    }

    public static IReadOnlyList<Note> LoadNotes(string path) =>
        AnnotationFile.Lines(path).Select(line =>
        {
            var f = AnnotationFile.Fields(path, line.Number, line.Text, '\t', 3);
            return new Note(AnnotationFile.Seconds(path, line.Number, f[0], "onset"), AnnotationFile.Seconds(path, line.Number, f[1], "offset"),
                AnnotationFile.Integer(path, line.Number, f[2], "pitch"));
        }).ToArray();
}

/// <summary>Chimes with planted notes: one note per second from a seeded pentatonic scale, in the layout above.</summary>
public sealed class ChimesSynth : ISyntheticCorpus
{
    public string Dataset => ChimesDataset.DatasetName;

    public void Write(string root, SynthesisOptions options)
    {
        options.Check();
        var sampleRate = options.SampleRate ?? 8000;
        var seconds = options.Duration ?? 3;
        int[] scale = [60, 62, 64, 67, 69];
        for (var i = 0; i < options.Tracks; i++)
        {
            var random = options.TrackRandom(i, salt: 1);
            var audio = new float[(int)(seconds * sampleRate)];
            var text = new StringBuilder();
            for (var onset = 0.0; onset + 1 <= seconds; onset++)
            {
                var pitch = scale[random.Next(scale.Length)];
                HarmonicTone.Add(audio, sampleRate, onset, onset + 0.8, pitch, 0.5, Timbre.Pluck);
                text.Append(CultureInfo.InvariantCulture, $"{onset:F3}\t{onset + 0.8:F3}\t{pitch}\n");
            }
            var id = $"chime_{i + 1:D2}";
            PcmWav.Write(Path.Combine(root, id + ".wav"), sampleRate, audio);
            AnnotationWriter.Write(Path.Combine(root, id + ".txt"), text);
        }
    }
}
