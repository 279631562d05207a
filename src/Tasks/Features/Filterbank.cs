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
        // Mel triangles touch a few bins each: keep the non-zero span of every band.
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
        var s = spectrogram.ToColumnMajorArray();
        var result = new double[bands * frames];
        Parallel.For(0, frames, t =>
        {
            var column = s.AsSpan(t * bins, bins);
            for (int b = 0; b < bands; b++)
            {
                var (from, w) = spans[b];
                double sum = 0;
                for (int k = 0; k < w.Length; k++)
                    sum += w[k] * column[from + k];
                result[t * bands + b] = sum;
            }
        });
        return Matrix<double>.Build.Dense(bands, frames, result);
    }
}
