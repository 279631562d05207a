using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// Transcription's prediction: the notes read from H and the number of frames of H (the grid the frame-level scores
/// use). Cached whole: a few hundred notes are a few kB. Packed as [version, frames, n, onsets…, offsets…, pitches…].
/// </summary>
public sealed record NoteEstimate(IReadOnlyList<Note> Notes, int Frames) : TaskPrediction
{
    private const int Format = 1;
    private const int HeaderLength = 3;

    public override Matrix<double> Pack()
    {
        var values = new List<double>(HeaderLength + 3 * Notes.Count) { Format, Frames, Notes.Count };
        values.AddRange(Notes.Select(n => n.Onset));
        values.AddRange(Notes.Select(n => n.Offset));
        values.AddRange(Notes.Select(n => (double)n.MidiPitch));
        return Matrix<double>.Build.Dense(values.Count, 1, values.ToArray());
    }

    /// <summary>The estimate a packed column holds; null when it holds another layout or is malformed.</summary>
    public static NoteEstimate? Unpack(Matrix<double> packed)
    {
        if (Values(packed, Format, HeaderLength) is not { } v)
            return null;
        int frames = Count(v[1]), count = Count(v[2]);
        if (frames < 0 || count < 0 || v.Length != HeaderLength + 3L * count)
            return null;
        var notes = new Note[count];
        for (int i = 0; i < count; i++)
        {
            int pitch = Count(v[HeaderLength + 2 * count + i]);
            if (pitch < 0) return null;
            notes[i] = new Note(v[HeaderLength + i], v[HeaderLength + count + i], pitch);
        }
        return new NoteEstimate(notes, frames);
    }
}
