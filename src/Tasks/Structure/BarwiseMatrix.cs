using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;

namespace NmfGrid.Tasks.Structure;

/// <summary>
/// The barwise time-frequency matrix of as_seg 0.1.11 (barwise_input.barwise_TF_matrix; Marmoret et al., TISMIR 2023):
/// every bar after the pseudo-bar bars[0] is sampled at <c>subdivision</c> frames by nearest-frame subsampling,
///   t0 = round(start/hop), t1 = round(end/hop) (half to even), frame_k = round(t0 + k·(t1 − t0)/subdivision), k = 0…subdivision−1,
/// and flattened frequency-major (entry f·subdivision + k), plus 1e−10. Bars whose two frame indices coincide are dropped,
/// so are bars whose last sampled frame lies beyond the spectrogram. Reference: mir-tasks §4.2.
/// Here the result is in audio orientation: a column per bar, (F·subdivision) rows; the seed's matrix is its transpose.
/// </summary>
public static class BarwiseMatrix
{
    /// <summary>Added to every entry, as the seed does, so that β ≤ 1 divergences never see a zero.</summary>
    public const double Floor = 1e-10;

    /// <summary>The matrix (F·subdivision × bars kept) and, per column, the bar it samples.</summary>
    public static (Matrix<double> V, IReadOnlyList<Bar> RowBars) Compute(
        Matrix<double> spectrogram, IReadOnlyList<Bar> bars, double hopSeconds, int subdivision)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        return Compute(spectrogram, t => t, spectrogram.ColumnCount, bars, hopSeconds, subdivision);
    }

    /// <summary>
    /// The same from the sampled frames only: <paramref name="sampled"/>'s column j is frame <paramref name="frames"/>[j]
    /// of a spectrogram of <paramref name="frameCount"/> frames (<see cref="SampledFrames"/> lists the frames needed).
    /// </summary>
    public static (Matrix<double> V, IReadOnlyList<Bar> RowBars) Compute(
        Matrix<double> sampled, IReadOnlyList<int> frames, int frameCount, IReadOnlyList<Bar> bars, double hopSeconds, int subdivision)
    {
        ArgumentNullException.ThrowIfNull(sampled);
        ArgumentNullException.ThrowIfNull(frames);
        var column = new Dictionary<int, int>(frames.Count);
        for (var j = 0; j < frames.Count; j++)
            column[frames[j]] = j;
        return Compute(sampled, t => column.TryGetValue(t, out var j) ? j
                           : throw new ArgumentException($"Frame {t} is sampled by a bar but not among the {frames.Count} frames given.", nameof(frames)),
                       frameCount, bars, hopSeconds, subdivision);
    }

    /// <summary>Every frame the barwise matrix of a spectrogram of <paramref name="frameCount"/> frames reads, ascending, each once.</summary>
    public static int[] SampledFrames(IReadOnlyList<Bar> bars, double hopSeconds, int subdivision, int frameCount)
    {
        if (!(hopSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(hopSeconds), hopSeconds, "Hop must be positive.");
        if (subdivision < 1) throw new ArgumentOutOfRangeException(nameof(subdivision), subdivision, "Subdivision must be at least 1.");
        var frames = new SortedSet<int>();
        foreach (var (_, t0, t1) in FrameSpans(bars, hopSeconds))
        {
            var samples = SampleFrames(t0, t1, subdivision);
            if (samples[^1] < frameCount)
                frames.UnionWith(samples);
        }
        return [.. frames];
    }

    private static (Matrix<double> V, IReadOnlyList<Bar> RowBars) Compute(
        Matrix<double> spectrogram, Func<int, int> columnOf, int frameCount, IReadOnlyList<Bar> bars, double hopSeconds, int subdivision)
    {
        if (!(hopSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(hopSeconds), hopSeconds, "Hop must be positive.");
        if (subdivision < 1) throw new ArgumentOutOfRangeException(nameof(subdivision), subdivision, "Subdivision must be at least 1.");
        var frames = FrameSpans(bars, hopSeconds);
        var columns = new List<int[]>();
        var kept = new List<Bar>();
        for (var b = 0; b < frames.Count; b++)
        {
            var samples = SampleFrames(frames[b].T0, frames[b].T1, subdivision);
            if (b < frames.Count - 1 && samples.Distinct().Count() < samples.Length)
                throw new ArgumentException(
                    $"Subdivision {subdivision} is too large for bar {frames[b].Bar.Start:F3}–{frames[b].Bar.End:F3} s: " +
                    $"it spans only {frames[b].T1 - frames[b].T0} frames of {hopSeconds * 1000:F3} ms.", nameof(subdivision));
            if (samples[^1] < frameCount)
            {
                columns.Add(samples.Select(columnOf).ToArray());
                kept.Add(frames[b].Bar);
            }
        }
        if (columns.Count == 0)
            throw new ArgumentException($"No bar fits in the spectrogram ({frameCount} frames of {hopSeconds} s, {bars.Count} bars).", nameof(bars));

        var f = spectrogram.RowCount;
        var source = spectrogram.AsColumnMajorArray() ?? spectrogram.ToColumnMajorArray();
        var data = new double[f * subdivision * columns.Count];
        for (var j = 0; j < columns.Count; j++)
        {
            var column = data.AsSpan(j * f * subdivision, f * subdivision);
            for (var k = 0; k < subdivision; k++)
            {
                var frame = source.AsSpan(columns[j][k] * f, f);
                for (var row = 0; row < f; row++)
                    column[row * subdivision + k] = frame[row] + Floor;
            }
        }
        return (Matrix<double>.Build.Dense(f * subdivision, columns.Count, data), kept);
    }

    /// <summary>
    /// as_seg segments_from_time_to_frame_idx over bars[1..]: [round(start/hop), round(end/hop)] (half to even),
    /// dropping bars whose two indices are equal.
    /// </summary>
    public static IReadOnlyList<(Bar Bar, int T0, int T1)> FrameSpans(IReadOnlyList<Bar> bars, double hopSeconds)
    {
        var spans = new List<(Bar, int, int)>();
        foreach (var bar in bars.Skip(1))
        {
            var t0 = (int)Math.Round(bar.Start / hopSeconds);
            var t1 = (int)Math.Round(bar.End / hopSeconds);
            if (t0 != t1) spans.Add((bar, t0, t1));
        }
        return spans;
    }

    /// <summary>frame_k = round(t0 + k·(t1 − t0)/subdivision), half to even; t1 itself is never sampled.</summary>
    public static int[] SampleFrames(int t0, int t1, int subdivision) =>
        Enumerable.Range(0, subdivision).Select(k => (int)Math.Round(t0 + k * (double)(t1 - t0) / subdivision)).ToArray();
}
