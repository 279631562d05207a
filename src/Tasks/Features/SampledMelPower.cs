using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// The mel power spectrogram at chosen frames, straight from the float mix: for each frame t,
/// <code>
///   x[n] = w[n]·y_pad[t·hop + n],  X = FFT(x),  P[f] = Re²X[f] + Im²X[f],  M[b] = Σ_k weight_b[k]·P[from_b + k]
/// </code>
/// which is <see cref="Filterbank.Apply"/> of <see cref="Stft.MagnitudeAt"/> at power 2, bit for bit: the same window
/// products (float → double is exact, so w[n]·y[n] rounds as it does from the double mix), the same transform, the
/// same power and the same band sums in the same order. What it leaves out is memory: the padded double copy of the
/// signal (8 bytes a sample, 24 MB for a 70 s song; the pads are read in place, see <see cref="Sample"/>) and the
/// bins × frames power matrix (1025 × 96 a bar), each written once and read once, most of the structure task's
/// feature time apart from the transforms (docs/performance.md).
/// </summary>
internal static class SampledMelPower
{
    /// <param name="y">The mono signal.</param>
    /// <param name="frames">Frame indices of the centred (or not) STFT, each in [0, <see cref="Stft.FrameCount"/>).</param>
    /// <param name="filters">The filterbank, bands × (n_fft/2 + 1).</param>
    /// <returns>bands × frames.Length, a column per frame in the order given.</returns>
    public static Matrix<double> Compute(float[] y, int nFft, int hop, int[] frames, Matrix<double> filters,
                                         PadMode padMode = PadMode.Constant, bool center = true)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hop);
        int bins = nFft / 2 + 1, pad = center ? nFft / 2 : 0, length = y.Length;
        if (filters.ColumnCount != bins)
            throw new ArgumentException($"The filterbank covers {filters.ColumnCount} bins but n_fft = {nFft} has {bins}.", nameof(filters));
        if (center && padMode == PadMode.Reflect && length <= pad)
            throw new ArgumentException($"Reflect padding needs a signal longer than n_fft/2 = {pad} samples, got {length}.", nameof(y));
        if (length + 2 * pad < nFft)
            throw new ArgumentException($"The signal ({length} samples) is shorter than one frame (n_fft = {nFft}, not centred).", nameof(y));
        int count = Stft.FrameCount(length, nFft, hop, center);
        foreach (var t in frames)
        {
            if (t < 0 || t >= count)
                throw new ArgumentOutOfRangeException(nameof(frames), t, $"Frame {t} is outside the {count} frames of the signal.");
        }

        var spans = Filterbank.Spans(filters);
        int bands = filters.RowCount;
        var window = Window.Hann(nFft);
        var result = new double[bands * frames.Length];
        Parallel.For(0, Stft.ChunkCount(frames.Length), () => new Workspace(nFft), (chunk, _, ws) =>
        {
            var (from, to) = Stft.ChunkRange(chunk, frames.Length);
            for (int j = from; j < to; j++)
            {
                Windowed(y, frames[j] * hop - pad, window, padMode, ws.Frame);
                ws.Fft.Forward(ws.Frame, ws.Re, ws.Im);
                Stft.MagnitudeColumn(ws.Re, ws.Im, ws.Power, 2.0);
                Filterbank.Bands(spans, ws.Power, result.AsSpan(j * bands, bands));
            }
            return ws;
        }, _ => { });
        return Matrix<double>.Build.Dense(bands, frames.Length, result);
    }

    // frame[n] = y_pad[start + pad + n]·window[n]: in SIMD straight from the floats where the frame lies inside the
    // signal, sample by sample where it reaches into a pad.
    private static void Windowed(float[] y, int start, double[] window, PadMode padMode, double[] frame)
    {
        int n = 0, length = frame.Length;
        if (start >= 0 && start + length <= y.Length)
        {
            var source = y.AsSpan(start, length);
            if (Vector.IsHardwareAccelerated)
            {
                int step = System.Numerics.Vector<float>.Count, half = System.Numerics.Vector<double>.Count;
                for (; n + step <= length; n += step)
                {
                    Vector.Widen(new System.Numerics.Vector<float>(source.Slice(n)), out var low, out var high);
                    (low * new System.Numerics.Vector<double>(window, n)).CopyTo(frame, n);
                    (high * new System.Numerics.Vector<double>(window, n + half)).CopyTo(frame, n + half);
                }
            }
            for (; n < length; n++)
                frame[n] = source[n] * window[n];
            return;
        }
        for (; n < length; n++)
            frame[n] = Sample(y, start + n, padMode) * window[n];
    }

    /// <summary>
    /// Sample <paramref name="i"/> of the signal as its padded copy holds it (librosa's centring): zero outside the
    /// signal, or its reflection about the first and last samples (y[−j] = y[j], y[L−1+j] = y[L−1−j]).
    /// </summary>
    internal static double Sample(float[] y, int i, PadMode padMode)
    {
        if (i >= 0 && i < y.Length)
            return y[i];
        if (padMode != PadMode.Reflect)
            return 0.0;
        return y[i < 0 ? -i : 2 * (y.Length - 1) - i];
    }

    private sealed class Workspace(int nFft)
    {
        public RealFourierTransform Fft { get; } = new(nFft);
        public double[] Frame { get; } = new double[nFft];
        public double[] Re { get; } = new double[nFft / 2 + 1];
        public double[] Im { get; } = new double[nFft / 2 + 1];
        public double[] Power { get; } = new double[nFft / 2 + 1];
    }
}
