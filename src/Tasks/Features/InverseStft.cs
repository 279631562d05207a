using System.Numerics;

namespace NmfGrid.Tasks.Features;

/// <summary>Writes frame t's spectrum of every source: re[s] and im[s] get the source's bins.</summary>
internal delegate void FrameSpectra(int frame, double[][] re, double[][] im);

/// <summary>
/// The inverse STFT of several spectrograms at once, each given frame by frame rather than as a stored F×T matrix:
/// the same numbers as <see cref="Stft.Inverse"/> (librosa.istft) bit for bit, without the F×T complex input, the
/// n_fft×T frame buffer and the full-length sums it builds per source. The output is cut into blocks of frames done in
/// parallel; a block recomputes the few frames that overlap it from the block before (n_fft/hop − 1 of them), so that
/// every sample still sums its frames in frame order from zero, as the sequential overlap-add does.
/// </summary>
internal static class InverseStft
{
    // 128 frames a block: 3 of 131 frames recomputed at n_fft = 4·hop (2 %).
    private const int FramesPerBlock = 128;

    /// <summary>
    /// <paramref name="sources"/> signals from their spectra (bins = n_fft/2 + 1 rows, <paramref name="frames"/> columns)
    /// that <paramref name="fill"/> writes one frame at a time. Lengths as <see cref="Stft.Inverse"/>.
    /// </summary>
    public static double[][] Many(int bins, int frames, int sources, FrameSpectra fill, int hop, int? length = null, bool center = true)
    {
        ArgumentNullException.ThrowIfNull(fill);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hop);
        ArgumentOutOfRangeException.ThrowIfNegative(sources);
        if (length is < 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, "The output length must be ≥ 0.");
        int nFft = 2 * (bins - 1);
        if (nFft < 2)
            throw new ArgumentException($"An STFT needs at least 2 frequency rows, got {bins}.", nameof(bins));
        if (frames == 0)
            return Enumerable.Range(0, sources).Select(_ => new double[length ?? 0]).ToArray();

        var window = Window.Hann(nFft);
        int fullLength = nFft + hop * (frames - 1);
        int offset = center ? nFft / 2 : 0;
        int outLength = length ?? Math.Max(0, fullLength - 2 * offset);
        int available = Math.Max(0, Math.Min(outLength, fullLength - offset));
        var results = new double[sources][];
        for (int s = 0; s < sources; s++)
        {
            // Written whole below: the computed part by the blocks, the padding here.
            results[s] = GC.AllocateUninitializedArray<double>(outLength);
            results[s].AsSpan(available).Clear();
        }
        if (available == 0) return results;

        // Blocks of the full (uncentred) signal's samples [lo, hi), on frame starts; only those the output keeps.
        int blockSamples = FramesPerBlock * hop;
        int firstBlock = offset / blockSamples, lastBlock = (offset + available - 1) / blockSamples;
        Parallel.For(firstBlock, lastBlock + 1, () => new Workspace(nFft, bins, sources, blockSamples), (block, _, ws) =>
        {
            int lo = Math.Max(block * blockSamples, offset), hi = Math.Min((block + 1) * blockSamples, offset + available);
            // Frames t with t·hop < hi and t·hop + n_fft > lo, in order.
            int first = lo < nFft ? 0 : (lo - nFft) / hop + 1;
            int last = Math.Min(frames - 1, (hi - 1) / hop);
            int width = hi - lo;
            ws.WindowSum.AsSpan(0, width).Clear();
            foreach (var y in ws.Sums) y.AsSpan(0, width).Clear();
            for (int t = first; t <= last; t++)
            {
                fill(t, ws.Re, ws.Im);
                int start = t * hop;
                int from = Math.Max(lo, start), to = Math.Min(hi, start + nFft);
                for (int s = 0; s < sources; s++)
                {
                    ws.Fft.Inverse(ws.Re[s], ws.Im[s], ws.Frame);
                    Multiply(ws.Frame, window);
                    Add(ws.Sums[s].AsSpan(from - lo, to - from), ws.Frame.AsSpan(from - start, to - from));
                }
                for (int i = from; i < to; i++)
                    ws.WindowSum[i - lo] += window[i - start] * window[i - start];
            }
            for (int s = 0; s < sources; s++)
            {
                var y = ws.Sums[s];
                var result = results[s].AsSpan(lo - offset, width);
                for (int i = 0; i < width; i++)
                {
                    double sum = ws.WindowSum[i];
                    result[i] = sum > Stft.Tiny ? y[i] / sum : y[i];
                }
            }
            return ws;
        }, _ => { });
        return results;
    }

    // frame[n] *= window[n]: elementwise, so the vector form rounds as the scalar one.
    private static void Multiply(Span<double> frame, ReadOnlySpan<double> window)
    {
        int n = 0;
        for (; n <= frame.Length - Vector<double>.Count; n += Vector<double>.Count)
            (new Vector<double>(frame[n..]) * new Vector<double>(window[n..])).CopyTo(frame[n..]);
        for (; n < frame.Length; n++) frame[n] *= window[n];
    }

    // y[i] += x[i]: elementwise.
    private static void Add(Span<double> y, ReadOnlySpan<double> x)
    {
        int i = 0;
        for (; i <= y.Length - Vector<double>.Count; i += Vector<double>.Count)
            (new Vector<double>(y[i..]) + new Vector<double>(x[i..])).CopyTo(y[i..]);
        for (; i < y.Length; i++) y[i] += x[i];
    }

    private sealed class Workspace(int nFft, int bins, int sources, int blockSamples)
    {
        public RealFourierTransform Fft { get; } = new(nFft);
        public double[][] Re { get; } = Enumerable.Range(0, sources).Select(_ => new double[bins]).ToArray();
        public double[][] Im { get; } = Enumerable.Range(0, sources).Select(_ => new double[bins]).ToArray();
        public double[] Frame { get; } = new double[nFft];
        public double[][] Sums { get; } = Enumerable.Range(0, sources).Select(_ => new double[blockSamples]).ToArray();
        public double[] WindowSum { get; } = new double[blockSamples];
    }
}
