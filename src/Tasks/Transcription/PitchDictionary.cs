using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// One spectral template per piano key (or two: attack, then the rest of the note) learned from isolated notes,
/// the supervised NMF transcription of Smaragdis &amp; Brown 2003 / Benetos et al. 2019 with a dictionary fixed in advance.
/// Each note file gives v = Σ_t V[:, t] over its frames within training_seconds of the annotated onset (and before
/// its offset): the rank-1 KL-NMF of those frames has exactly this template (W ∝ the row sums), so the sum is its
/// closed form. Each file's template is scaled to unit L1 so that soft and loud takes count alike, the files of one
/// pitch are summed, and the result scaled to unit L2 (the sparse solvers' normalisation). Labels are MIDI numbers.
/// </summary>
public static class PitchDictionary
{
    /// <summary>Raised when the learning rule changes, so that cached dictionaries of an older rule are not reused.</summary>
    private const int Version = 2;

    /// <summary>The dictionary from these notes, through the cache when one is given (built once per machine).</summary>
    public static TemplateDictionary Learn(IReadOnlyList<MapsIsolatedNote> notes, TranscriptionSettings settings, FeatureCache? cache,
                                           CancellationToken cancellation = default)
    {
        if (notes.Count == 0) throw new ArgumentException("No isolated notes to learn a dictionary from.", nameof(notes));
        var pitches = Pitches(notes, settings);
        var w = cache is null
            ? Build(notes, settings, cancellation)
            : cache.GetOrComputeOnce(Key(notes, settings), () => Build(notes, settings, cancellation), cancellation);
        return new TemplateDictionary(w, pitches.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>The label of each column: each pitch present, in rising order, repeated per template.</summary>
    public static IReadOnlyList<int> Pitches(IReadOnlyList<MapsIsolatedNote> notes, TranscriptionSettings settings) =>
        notes.Select(n => n.MidiPitch).Distinct().Order().SelectMany(p => Enumerable.Repeat(p, settings.TemplatesPerPitch)).ToArray();

    /// <summary>Everything the dictionary depends on: each file's identity, the features and the learning settings.</summary>
    public static ArtifactKey Key(IReadOnlyList<MapsIsolatedNote> notes, TranscriptionSettings settings)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"pitch-dictionary v{Version}|features[{settings.Features.CanonicalString};bins={settings.Bins}]|frame_time[{settings.FrameCentreTimes}]|");
        text.Append(CultureInfo.InvariantCulture,
            $"model[per_pitch={settings.TemplatesPerPitch};seconds={settings.TrainingSeconds:R};attack={settings.AttackSeconds:R}]|training[");
        foreach (var note in notes)
            text.Append(ArtifactKey.FileIdentity(note.AudioPath)).Append(';').Append(ArtifactKey.FileIdentity(note.NotesPath)).Append(';');
        return new ArtifactKey("dictionary", text.Append(']').ToString());
    }

    private static Matrix<double> Build(IReadOnlyList<MapsIsolatedNote> notes, TranscriptionSettings settings, CancellationToken cancellation)
    {
        var pitches = notes.Select(n => n.MidiPitch).Distinct().Order().ToArray();
        int bins = settings.Bins, per = settings.TemplatesPerPitch;
        var w = Matrix<double>.Build.Dense(bins, pitches.Length * per);
        foreach (var note in notes)
        {
            cancellation.ThrowIfCancellationRequested();
            // Only the excerpt the template is learned from is analysed (the STFT is most of the cost): from a frame
            // before the onset to training_seconds after it, the note's times moved to the excerpt's start.
            var played = note.Load();
            long first = (long)Math.Floor(Math.Max(0, played.Onset - (double)settings.NFft / settings.SampleRate) * settings.SampleRate);
            double start = (double)first / settings.SampleRate;
            var read = new AudioReadOptions
            {
                SampleRate = settings.SampleRate, Mono = true, Offset = start,
                Duration = played.Onset - start + settings.TrainingSeconds + (double)settings.NFft / settings.SampleRate,
            };
            var v = TranscriptionTask.LowBins(AudioReader.Read(note.AudioPath, read), settings);
            var parts = NoteTemplates(v, played with { Onset = played.Onset - start, Offset = played.Offset - start }, settings);
            int column = Array.IndexOf(pitches, note.MidiPitch) * per;
            for (int j = 0; j < per; j++)
            {
                var part = parts[j];
                double total = part.Sum();
                if (!(total > 0)) continue; // a silent take adds nothing
                for (int f = 0; f < bins; f++) w[f, column + j] += part[f] / total;
            }
        }
        for (int k = 0; k < w.ColumnCount; k++)
        {
            var norm = w.Column(k).L2Norm();
            if (!(norm > 0))
                throw new ArgumentException(
                    $"Pitch {pitches[k / per]}: its isolated notes have no energy within training_seconds of their onsets; no template can be learned.");
            for (int f = 0; f < bins; f++) w[f, k] /= norm;
        }
        return w;
    }

    /// <summary>
    /// The note's summed frames: one vector (frames with onset ≤ time &lt; min(offset, onset + training_seconds)), or two
    /// (attack: before onset + attack_seconds; sustain: the rest).
    /// </summary>
    public static double[][] NoteTemplates(Matrix<double> v, Note note, TranscriptionSettings settings)
    {
        int per = settings.TemplatesPerPitch;
        var sums = Enumerable.Range(0, per).Select(_ => new double[v.RowCount]).ToArray();
        double end = Math.Min(note.Offset, note.Onset + settings.TrainingSeconds);
        for (int t = 0; t < v.ColumnCount; t++)
        {
            double time = settings.FrameTime(t);
            if (time < note.Onset || time >= end) continue;
            var sum = per == 2 && time >= note.Onset + settings.AttackSeconds ? sums[1] : sums[0];
            for (int f = 0; f < v.RowCount; f++) sum[f] += v[f, t];
        }
        return sums;
    }
}
