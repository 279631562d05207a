using NmfGrid.Tasks.Datasets.BeatTracking;

namespace NmfGrid.Tasks.Datasets;

/// <summary>
/// Bars for barwise structure analysis, built from beats with their position in the bar.
/// Follows the seed's convention (as_seg 0.1.11 get_bars_from_audio + frontiers_to_segments):
/// frontiers = [first beat, every later downbeat, song end], zeros removed; bars[0] = (0, first frontier) is a
/// pseudo-bar (silence or anacrusis) that the barwise matrix skips, then one bar per consecutive pair of distinct frontiers.
/// </summary>
public static class Bars
{
    public static IReadOnlyList<Bar> FromBeats(IReadOnlyList<Beat> beats, double songEnd)
    {
        if (beats.Count == 0) throw new ArgumentException("No beats to build bars from.", nameof(beats));
        if (!(songEnd > 0)) throw new ArgumentOutOfRangeException(nameof(songEnd), songEnd, "Song end must be positive.");
        var frontiers = new List<double> { beats[0].Time };
        frontiers.AddRange(beats.Skip(1).Where(b => b.IsDownbeat).Select(b => b.Time));
        frontiers.Add(songEnd);
        return FromFrontiers(frontiers);
    }

    /// <summary>
    /// Bars of a structure track: from its annotated beats when it has some with at least one downbeat, otherwise from the
    /// beat tracker on its audio (4/4 assumed). <paramref name="audio"/> is only called when the tracker is needed.
    /// </summary>
    public static IReadOnlyList<Bar> ForTrack(IStructureTrack track, double songEnd, Func<(float[] Samples, int SampleRate)> audio)
    {
        if (track.Beats is { Count: > 0 } beats && beats.Any(b => b.IsDownbeat)) return FromBeats(beats, songEnd);
        var (samples, sampleRate) = audio();
        return BeatTracker.Bars(samples, sampleRate);
    }

    /// <summary>(0, f0), then (f_i, f_i+1) for consecutive distinct frontiers; frontiers equal to 0 are dropped first.</summary>
    public static IReadOnlyList<Bar> FromFrontiers(IReadOnlyList<double> frontiers)
    {
        var f = frontiers.Where(t => t != 0).ToArray();
        if (f.Length == 0) return [];
        var bars = new List<Bar> { new(0, f[0]) };
        for (var i = 0; i + 1 < f.Length; i++)
            if (f[i] != f[i + 1]) bars.Add(new Bar(f[i], f[i + 1]));
        return bars;
    }
}
