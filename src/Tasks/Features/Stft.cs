using System.Numerics;
using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// Short-time Fourier transform with librosa 0.11's conventions: periodic Hann window of n_fft samples,
/// centred frames (the signal padded by n_fft/2 on each side, zeros by default), T = 1 + len(y)/hop frames,
/// X[f,t] = Σ_n w[n]·y_pad[t·hop + n]·e^{−2πifn/n_fft} for f = 0…n_fft/2. Results are F×T matrices
/// (column-major, a column per frame), the orientation NMF takes.
/// </summary>
public static class Stft
{
    /// <summary>The smallest positive normal double, numpy's tiny(float64), librosa's threshold for window sums.</summary>
    internal const double Tiny = 2.2250738585072014e-308;

    /// <summary>The complex STFT (librosa.stft).</summary>
    public static Matrix<Complex> Forward(ReadOnlySpan<double> y, int nFft, int hop,
                                          PadMode padMode = PadMode.Constant, bool center = true)
    {
        var (padded, frames) = Frame(y, nFft, hop, padMode, center);
        int bins = nFft / 2 + 1;
        var data = new Complex[bins * frames];
        ForEachFrame(padded, nFft, hop, frames, (t, re, im) =>
        {
            var column = data.AsSpan(t * bins, bins);
            for (int f = 0; f < bins; f++)
                column[f] = new Complex(re[f], im[f]);
        });
        return Matrix<Complex>.Build.Dense(bins, frames, data);
    }

    /// <summary>
    /// The complex STFT and its magnitude |X| in one pass over the frames: each magnitude is <see cref="Complex.Magnitude"/>
    /// of its bin (double.Hypot's rounding, not √(re² + im²)), computed by <see cref="Vector256.Hypot"/>, which gives the
    /// same bits (a test checks it), while the frame's bins are still in the cache.
    /// </summary>
    public static (Matrix<Complex> Spectrum, Matrix<double> Magnitude) ForwardWithMagnitude(
        ReadOnlySpan<double> y, int nFft, int hop, PadMode padMode = PadMode.Constant, bool center = true)
    {
        var (padded, frames) = Frame(y, nFft, hop, padMode, center);
        int bins = nFft / 2 + 1;
        // Every entry is written below: no clearing of 63 MB (30 s at 2048/512) first.
        var data = GC.AllocateUninitializedArray<Complex>(bins * frames);
        var magnitudes = GC.AllocateUninitializedArray<double>(bins * frames);
        ForEachFrame(padded, nFft, hop, frames, (t, re, im) =>
        {
            var column = data.AsSpan(t * bins, bins);
            for (int f = 0; f < bins; f++)
                column[f] = new Complex(re[f], im[f]);
            HypotColumn(re, im, magnitudes.AsSpan(t * bins, bins));
        });
        return (Matrix<Complex>.Build.Dense(bins, frames, data), Matrix<double>.Build.Dense(bins, frames, magnitudes));
    }

    /// <summary>output[f] = |re[f] + i·im[f]| as <see cref="Complex.Magnitude"/> rounds it.</summary>
    internal static void HypotColumn(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> output)
    {
        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; f + Vector256<double>.Count <= output.Length; f += Vector256<double>.Count)
                Vector256.Hypot(Vector256.Create(re.Slice(f)), Vector256.Create(im.Slice(f))).CopyTo(output.Slice(f));
        }
        for (; f < output.Length; f++)
            output[f] = double.Hypot(re[f], im[f]);
    }

    /// <summary>|X|^power without keeping the complex values: power 1 magnitude, 2 power (librosa's abs(stft)**power).</summary>
    public static Matrix<double> Magnitude(ReadOnlySpan<double> y, int nFft, int hop, double power = 1.0,
                                           PadMode padMode = PadMode.Constant, bool center = true) =>
        LowMagnitude(y, nFft, hop, nFft / 2 + 1, power, padMode, center);

    /// <summary>
    /// The first <paramref name="rows"/> rows of <see cref="Magnitude"/> (bins 0…rows−1), the same numbers, without
    /// the other bins' magnitudes: transcription keeps the bins up to 5 kHz, 401 of MAPS's 1765.
    /// </summary>
    public static Matrix<double> LowMagnitude(ReadOnlySpan<double> y, int nFft, int hop, int rows, double power = 1.0,
                                              PadMode padMode = PadMode.Constant, bool center = true)
    {
        CheckLow(nFft, rows, power);
        var (padded, frames) = Frame(y, nFft, hop, padMode, center);
        return LowMagnitudeOfPadded(padded, frames, nFft, hop, rows, power);
    }

    /// <summary>The same from float audio (a decoded mono mix), the same numbers: float → double is exact.</summary>
    public static Matrix<double> LowMagnitude(ReadOnlySpan<float> y, int nFft, int hop, int rows, double power = 1.0,
                                              PadMode padMode = PadMode.Constant, bool center = true)
    {
        CheckLow(nFft, rows, power);
        var (padded, frames) = Frame(y, nFft, hop, padMode, center);
        return LowMagnitudeOfPadded(padded, frames, nFft, hop, rows, power);
    }

    private static void CheckLow(int nFft, int rows, double power)
    {
        if (power <= 0)
            throw new ArgumentOutOfRangeException(nameof(power), power, "The spectrogram power must be positive.");
        if (rows < 1 || rows > nFft / 2 + 1)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"An STFT of n_fft = {nFft} has 1 to {nFft / 2 + 1} bins.");
    }

    private static Matrix<double> LowMagnitudeOfPadded(double[] padded, int frames, int nFft, int hop, int rows, double power)
    {
        var data = GC.AllocateUninitializedArray<double>(rows * frames); // every column is written below
        ForEachFrame(padded, nFft, hop, frames, rows, (t, re, im) => MagnitudeColumn(re, im, data.AsSpan(t * rows, rows), power));
        return Matrix<double>.Build.Dense(rows, frames, data);
    }

    /// <summary>
    /// Columns <paramref name="frames"/> of <see cref="Magnitude"/> (each frame index in [0, T)), in the order given,
    /// without transforming the other frames: the same numbers, at the cost of the frames asked for.
    /// </summary>
    public static Matrix<double> MagnitudeAt(ReadOnlySpan<double> y, int nFft, int hop, IReadOnlyList<int> frames, double power = 1.0,
                                             PadMode padMode = PadMode.Constant, bool center = true)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (power <= 0)
            throw new ArgumentOutOfRangeException(nameof(power), power, "The spectrogram power must be positive.");
        var (padded, count) = Frame(y, nFft, hop, padMode, center);
        var at = frames.ToArray();
        foreach (var t in at)
        {
            if (t < 0 || t >= count)
                throw new ArgumentOutOfRangeException(nameof(frames), t, $"Frame {t} is outside the {count} frames of the signal.");
        }
        int bins = nFft / 2 + 1;
        var data = new double[bins * at.Length];
        ForEachFrame(padded, nFft, hop, at.Length, bins, j => at[j], (j, re, im) => MagnitudeColumn(re, im, data.AsSpan(j * bins, bins), power));
        return Matrix<double>.Build.Dense(bins, at.Length, data);
    }

    /// <summary>The number of frames of a signal of <paramref name="length"/> samples: 1 + (length + 2·pad − n_fft)/hop, pad = n_fft/2 when centred.</summary>
    public static int FrameCount(int length, int nFft, int hop, bool center = true) =>
        1 + (length + (center ? 2 * (nFft / 2) : 0) - nFft) / hop;

    internal static void MagnitudeColumn(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> column, double power)
    {
        int f = 0;
        if (power is 1.0 or 2.0 && System.Numerics.Vector.IsHardwareAccelerated)
        {
            // The same numbers as the loop below: SIMD products, sums and square roots are rounded as scalar ones.
            var reVectors = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(re[..column.Length]);
            var imVectors = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(im[..column.Length]);
            var output = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(column);
            for (int i = 0; i < output.Length; i++)
            {
                var p = reVectors[i] * reVectors[i] + imVectors[i] * imVectors[i];
                output[i] = power == 2.0 ? p : System.Numerics.Vector.SquareRoot(p);
            }
            f = output.Length * System.Numerics.Vector<double>.Count;
        }
        for (; f < column.Length; f++)
        {
            double p = re[f] * re[f] + im[f] * im[f];
            column[f] = power == 2.0 ? p : power == 1.0 ? Math.Sqrt(p) : Math.Pow(p, power / 2);
        }
    }

    /// <summary>
    /// Inverse STFT (librosa.istft): windowed inverse FFTs overlap-added, divided by the overlap-added squared
    /// window wherever that sum exceeds tiny. n_fft = 2(F−1). Without <paramref name="length"/> a centred
    /// transform gives hop·(T−1) samples (what the seed scores); with it, the output is trimmed or zero-padded to it.
    /// </summary>
    public static double[] Inverse(Matrix<Complex> stft, int hop, int? length = null, bool center = true)
    {
        ArgumentNullException.ThrowIfNull(stft);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hop);
        if (length is < 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, "The output length must be ≥ 0.");
        int bins = stft.RowCount, frames = stft.ColumnCount;
        int nFft = 2 * (bins - 1);
        if (nFft < 2)
            throw new ArgumentException($"An STFT needs at least 2 frequency rows, got {bins}.", nameof(stft));
        if (frames == 0)
            return new double[length ?? 0];
        var window = Window.Hann(nFft);
        var data = AsColumnMajor(stft);

        // Inverse FFT of every frame in parallel, then a sequential overlap-add.
        var framesOut = new double[(long)nFft * frames];
        Parallel.For(0, ChunkCount(frames), () => new InverseWorkspace(nFft), (chunk, _, ws) =>
        {
            var (from, to) = ChunkRange(chunk, frames);
            for (int t = from; t < to; t++)
            {
                var column = data.AsSpan(t * bins, bins);
                for (int f = 0; f < bins; f++)
                {
                    ws.Re[f] = column[f].Real;
                    ws.Im[f] = column[f].Imaginary;
                }
                var output = framesOut.AsSpan(t * nFft, nFft);
                ws.Fft.Inverse(ws.Re, ws.Im, output);
                for (int n = 0; n < nFft; n++)
                    output[n] *= window[n];
            }
            return ws;
        }, _ => { });

        int fullLength = nFft + hop * (frames - 1);
        var y = new double[fullLength];
        var windowSum = new double[fullLength];
        for (int t = 0; t < frames; t++)
        {
            var frame = framesOut.AsSpan(t * nFft, nFft);
            int start = t * hop;
            for (int n = 0; n < nFft; n++)
            {
                y[start + n] += frame[n];
                windowSum[start + n] += window[n] * window[n];
            }
        }

        int offset = center ? nFft / 2 : 0;
        int outLength = length ?? Math.Max(0, fullLength - 2 * offset);
        var result = new double[outLength];
        int available = Math.Min(outLength, fullLength - offset);
        for (int i = 0; i < available; i++)
        {
            double s = windowSum[offset + i];
            result[i] = s > Tiny ? y[offset + i] / s : y[offset + i];
        }
        return result;
    }

    internal static (double[] Padded, int Frames) Frame(ReadOnlySpan<double> y, int nFft, int hop, PadMode padMode, bool center)
    {
        var (padded, pad) = Allocate(y.Length, nFft, hop, padMode, center);
        y.CopyTo(padded.AsSpan(pad));
        return Pad(padded, pad, y.Length, nFft, hop, padMode, center);
    }

    /// <summary>The same from float audio: widened straight into the padded signal (exact), without a double copy of it first.</summary>
    internal static (double[] Padded, int Frames) Frame(ReadOnlySpan<float> y, int nFft, int hop, PadMode padMode, bool center)
    {
        var (padded, pad) = Allocate(y.Length, nFft, hop, padMode, center);
        var to = padded.AsSpan(pad, y.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int step = System.Numerics.Vector<float>.Count, half = System.Numerics.Vector<double>.Count;
            for (; i + step <= y.Length; i += step)
            {
                Vector.Widen(new System.Numerics.Vector<float>(y.Slice(i)), out var low, out var high);
                low.CopyTo(to.Slice(i));
                high.CopyTo(to.Slice(i + half));
            }
        }
        for (; i < y.Length; i++)
            to[i] = y[i];
        return Pad(padded, pad, y.Length, nFft, hop, padMode, center);
    }

    // The padded signal's array, its signal part left to the caller; the pads are written by Pad.
    private static (double[] Padded, int Pad) Allocate(int length, int nFft, int hop, PadMode padMode, bool center)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hop);
        int pad = center ? nFft / 2 : 0;
        if (center && padMode == PadMode.Reflect && length <= pad)
            throw new ArgumentException(
                $"Reflect padding needs a signal longer than n_fft/2 = {pad} samples, got {length}.", "y");
        if (length + 2 * pad < nFft)
            throw new ArgumentException(
                $"The signal ({length} samples) is shorter than one frame (n_fft = {nFft}, not centred).", "y");
        return (GC.AllocateUninitializedArray<double>(length + 2 * pad), pad); // every entry is written: signal, then pads
    }

    private static (double[] Padded, int Frames) Pad(double[] padded, int pad, int length, int nFft, int hop, PadMode padMode, bool center)
    {
        if (center && padMode == PadMode.Reflect)
        {
            for (int j = 1; j <= pad; j++)
            {
                padded[pad - j] = padded[pad + j];
                padded[pad + length - 1 + j] = padded[pad + length - 1 - j];
            }
        }
        else
        {
            padded.AsSpan(0, pad).Clear();
            padded.AsSpan(pad + length).Clear();
        }
        return (padded, 1 + (padded.Length - nFft) / hop);
    }

    /// <summary>What <see cref="ForEachFrame(double[], int, int, int, FrameConsumer)"/> hands each frame: its index and its bins' real and imaginary parts.</summary>
    internal delegate void FrameConsumer(int t, ReadOnlySpan<double> re, ReadOnlySpan<double> im);

    /// <summary>Runs the windowed FFT of every frame, in parallel over chunks of frames, one workspace per worker.</summary>
    internal static void ForEachFrame(double[] padded, int nFft, int hop, int frames, FrameConsumer consume) =>
        ForEachFrame(padded, nFft, hop, frames, nFft / 2 + 1, t => t, consume);

    /// <summary>The same, the consumer reading only the first <paramref name="bins"/> bins of each frame.</summary>
    internal static void ForEachFrame(double[] padded, int nFft, int hop, int frames, int bins, FrameConsumer consume) =>
        ForEachFrame(padded, nFft, hop, frames, bins, t => t, consume);

    /// <summary>
    /// The same over <paramref name="count"/> outputs, output j being the frame <paramref name="frameOf"/>(j); the consumer
    /// reads the first <paramref name="bins"/> bins (the lane-parallel FFT then leaves the others out of its last pass).
    /// </summary>
    internal static void ForEachFrame(double[] padded, int nFft, int hop, int count, int bins, Func<int, int> frameOf,
                                      FrameConsumer consume)
    {
        var frames = count;
        var window = Window.Hann(nFft);
        Parallel.For(0, ChunkCount(frames), () => new ForwardWorkspace(nFft), (chunk, _, ws) =>
        {
            var (from, to) = ChunkRange(chunk, frames);
            int t = from, lanes = ws.Fft.Lanes;
            // Sizes with a lane-parallel FFT (MAPS's 3528): Lanes frames per call, the same numbers as one by one.
            // The window is applied as the samples go into the lanes (no windowed copy of the frames).
            Span<int> starts = stackalloc int[lanes];
            for (; lanes > 1 && t + lanes <= to; t += lanes)
            {
                for (int l = 0; l < lanes; l++)
                    starts[l] = frameOf(t + l) * hop;
                var laneRe = ws.LaneRe.AsSpan(0, lanes * bins);
                var laneIm = ws.LaneIm.AsSpan(0, lanes * bins);
                ws.Fft.ForwardLanes(padded, starts, window, laneRe, laneIm);
                for (int l = 0; l < lanes; l++)
                    consume(t + l, laneRe.Slice(l * bins, bins), laneIm.Slice(l * bins, bins));
            }
            for (; t < to; t++)
            {
                Windowed(padded.AsSpan(frameOf(t) * hop, nFft), window, ws.Frame);
                ws.Fft.Forward(ws.Frame, ws.Re, ws.Im);
                consume(t, ws.Re.AsSpan(0, bins), ws.Im.AsSpan(0, bins));
            }
            return ws;
        }, _ => { });
    }

    /// <summary>frame[n] = source[n]·window[n], in SIMD (each product rounded as the scalar one).</summary>
    private static void Windowed(ReadOnlySpan<double> source, double[] window, Span<double> frame)
    {
        int n = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; n + System.Numerics.Vector<double>.Count <= frame.Length; n += System.Numerics.Vector<double>.Count)
                (new System.Numerics.Vector<double>(source.Slice(n)) * new System.Numerics.Vector<double>(window.AsSpan(n))).CopyTo(frame.Slice(n));
        }
        for (; n < frame.Length; n++)
            frame[n] = source[n] * window[n];
    }

    internal static Complex[] AsColumnMajor(Matrix<Complex> m) =>
        m.Storage is MathNet.Numerics.LinearAlgebra.Storage.DenseColumnMajorMatrixStorage<Complex> dense
            ? dense.Data
            : m.ToColumnMajorArray();

    // Chunks of 64 frames amortise the per-chunk workspace; Parallel.For spreads them over the cores.
    private const int FramesPerChunk = 64;

    internal static int ChunkCount(int frames) => (frames + FramesPerChunk - 1) / FramesPerChunk;

    internal static (int From, int To) ChunkRange(int chunk, int frames) =>
        (chunk * FramesPerChunk, Math.Min(frames, (chunk + 1) * FramesPerChunk));

    private sealed class ForwardWorkspace
    {
        public ForwardWorkspace(int nFft)
        {
            Fft = new RealFourierTransform(nFft);
            Frame = new double[nFft];
            Re = new double[nFft / 2 + 1];
            Im = new double[nFft / 2 + 1];
            LaneRe = new double[Fft.Lanes > 1 ? Fft.Lanes * (nFft / 2 + 1) : 0];
            LaneIm = new double[LaneRe.Length];
        }

        public RealFourierTransform Fft { get; }
        public double[] Frame { get; }
        public double[] Re { get; }
        public double[] Im { get; }
        public double[] LaneRe { get; }  // their bins, frame after frame
        public double[] LaneIm { get; }
    }

    private sealed class InverseWorkspace(int nFft)
    {
        public RealFourierTransform Fft { get; } = new(nFft);
        public double[] Re { get; } = new double[nFft / 2 + 1];
        public double[] Im { get; } = new double[nFft / 2 + 1];
    }
}
