using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>Applies a filterbank (bands × bins) to a spectrogram (bins × frames), skipping each band's zero weights.</summary>
internal static class Filterbank
{
    public static Matrix<double> Apply(Matrix<double> filters, Matrix<double> spectrogram)
    {
        if (filters.ColumnCount != spectrogram.RowCount)
            throw new ArgumentException(
                $"The filterbank covers {filters.ColumnCount} bins but the spectrogram has {spectrogram.RowCount}.");
        int bands = filters.RowCount, bins = filters.ColumnCount, frames = spectrogram.ColumnCount;
        var spans = Spans(filters);
        // The spectrogram's own array where it is one (no copy of a bins × frames matrix); a copy otherwise.
        var s = spectrogram.AsColumnMajorArray() ?? spectrogram.ToColumnMajorArray();
        var result = new double[bands * frames];
        Parallel.For(0, frames, t => Bands(spans, s.AsSpan(t * bins, bins), result.AsSpan(t * bands, bands)));
        return Matrix<double>.Build.Dense(bands, frames, result);
    }

    /// <summary>Each band's non-zero span of bins (mel triangles touch a few bins each): its first bin and its weights.</summary>
    internal static (int From, double[] Weights)[] Spans(Matrix<double> filters)
    {
        int bands = filters.RowCount, bins = filters.ColumnCount;
        var spans = new (int From, double[] Weights)[bands];
        for (int b = 0; b < bands; b++)
        {
            int from = 0, to = bins - 1;
            while (from < bins && filters[b, from] == 0) from++;
            while (to >= from && filters[b, to] == 0) to--;
            var w = new double[Math.Max(0, to - from + 1)];
            for (int k = 0; k < w.Length; k++)
                w[k] = filters[b, from + k];
            spans[b] = (from, w);
        }
        return spans;
    }

    /// <summary>One frame's bands: band b = Σ_k w_b[k]·column[from_b + k], k ascending.</summary>
    internal static void Bands((int From, double[] Weights)[] spans, ReadOnlySpan<double> column, Span<double> bands)
    {
        for (int b = 0; b < spans.Length; b++)
        {
            var (from, w) = spans[b];
            double sum = 0;
            for (int k = 0; k < w.Length; k++)
                sum += w[k] * column[from + k];
            bands[b] = sum;
        }
    }
}
