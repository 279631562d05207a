namespace NmfGrid.Tasks.Datasets.BeatTracking;

/// <summary>A tracked tempo and beat times (seconds).</summary>
public sealed record TrackedBeats(double Bpm, IReadOnlyList<double> Times);

/// <summary>
/// Dynamic-programming beat tracker in the style of librosa.beat.beat_track (D. P. W. Ellis, "Beat tracking by dynamic
/// programming", J. New Music Research 36(1), 2007): a global tempo from the onset envelope's autocorrelation under a
/// log-normal prior around 120 BPM, then the beat sequence maximising onset strength at the beats minus a penalty
/// tightness·(log(interval / period))² for deviating from the period. It finds beats, not downbeats.
/// </summary>
public static class BeatTracker
{
    public const int Hop = 512;
    public const double StartBpm = 120;
    public const double Tightness = 100;

    /// <summary>Beats of a mono signal.</summary>
    public static TrackedBeats Track(ReadOnlySpan<float> samples, int sampleRate) =>
        Track(OnsetEnvelope.Compute(samples, sampleRate, Hop), (double)sampleRate / Hop);

    /// <summary>Beats from an onset envelope sampled at <paramref name="frameRate"/> frames per second.</summary>
    public static TrackedBeats Track(double[] onset, double frameRate)
    {
        if (onset.All(v => v == 0)) return new TrackedBeats(0, []);
        var bpm = Tempo(onset, frameRate);
        var frames = BeatFrames(onset, bpm, frameRate);
        return new TrackedBeats(bpm, frames.Select(f => f / frameRate).ToArray());
    }

    /// <summary>Mel bands below about 500 Hz at 22.05 kHz (bass notes, kick, chord roots) for the downbeat phase.</summary>
    private const int LowBands = 20;

    /// <summary>
    /// Bars from tracked beats, 4/4 assumed. The downbeat phase is the one of the four whose beats carry the most
    /// low-band onset strength (bass and harmony tend to change on downbeats): a heuristic, where the seed's madmom
    /// tracker detects downbeats with a network. Seed bar convention, see <see cref="Datasets.Bars"/>.
    /// </summary>
    public static IReadOnlyList<Bar> Bars(ReadOnlySpan<float> samples, int sampleRate)
    {
        var songEnd = (double)samples.Length / sampleRate;
        var frameRate = (double)sampleRate / Hop;
        var db = OnsetEnvelope.LogMelSpectrogram(samples, sampleRate, Hop);
        var tracked = Track(OnsetEnvelope.FromLogMel(db, Hop, OnsetEnvelope.MelBands), frameRate);
        if (tracked.Times.Count == 0) return [new Bar(0, songEnd)];
        var low = OnsetEnvelope.FromLogMel(db, Hop, LowBands);
        var strength = tracked.Times.Select(t => low[Math.Min(low.Length - 1, (int)Math.Round(t * frameRate))]).ToArray();
        var phase = Enumerable.Range(0, 4).MaxBy(p => strength.Where((_, i) => i % 4 == p).DefaultIfEmpty(0).Average());
        var beats = tracked.Times.Select((t, i) => new Beat(t, ((i - phase) % 4 + 4) % 4 + 1)).ToArray();
        return Datasets.Bars.FromBeats(beats, songEnd);
    }

    /// <summary>
    /// Tempo = argmax over lags of log(1 + 10⁶·A(lag)) − ½·(log2(bpm/120))², A = mean of per-window normalised
    /// autocorrelations of the onset envelope (Hann windows of 384 frames, as librosa's tempogram, taken every 16 frames
    /// to keep long songs cheap), bpm = 60·frameRate/lag, at most 320 BPM.
    /// </summary>
    internal static double Tempo(double[] onset, double frameRate)
    {
        const int window = 384;
        const int step = 16;
        var hann = Enumerable.Range(0, window).Select(n => 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / window)).ToArray();
        var mean = new double[window];
        var count = 0;
        var segment = new double[window];
        for (var centre = 0; centre < onset.Length; centre += step)
        {
            for (var n = 0; n < window; n++)
            {
                var i = centre - window / 2 + n;
                segment[n] = i >= 0 && i < onset.Length ? onset[i] * hann[n] : 0;
            }
            var ac = new double[window];
            for (var lag = 0; lag < window; lag++)
            {
                double s = 0;
                for (var n = lag; n < window; n++) s += segment[n] * segment[n - lag];
                ac[lag] = s;
            }
            var peak = ac.Max(Math.Abs);
            if (peak <= 0) continue;
            for (var lag = 0; lag < window; lag++) mean[lag] += ac[lag] / peak;
            count++;
        }
        if (count == 0) return StartBpm;
        var best = double.NegativeInfinity;
        var bestBpm = StartBpm;
        for (var lag = 1; lag < window; lag++)
        {
            var bpm = 60.0 * frameRate / lag;
            if (bpm > 320) continue;
            var score = Math.Log(1 + 1e6 * mean[lag] / count) - 0.5 * Math.Pow(Math.Log2(bpm) - Math.Log2(StartBpm), 2);
            if (score > best) { best = score; bestBpm = bpm; }
        }
        return bestBpm;
    }

    /// <summary>librosa's __beat_tracker: local score, DP with backlinks, last beat, backtrack, trim weak ends.</summary>
    internal static int[] BeatFrames(double[] onset, double bpm, double frameRate)
    {
        var period = Math.Round(frameRate * 60.0 / bpm);
        var local = LocalScore(Normalise(onset), period);
        var n = local.Length;
        var cumulative = new double[n];
        var backlink = new int[n];
        var threshold = 0.01 * local.Max();
        var firstBeat = true;
        for (var i = 0; i < n; i++)
        {
            var bestScore = double.NegativeInfinity;
            var bestLocation = -1;
            for (var loc = i - (int)Math.Round(period / 2); loc > i - 2 * period - 1; loc--)
            {
                if (loc < 0) break;
                var score = cumulative[loc] - Tightness * Math.Pow(Math.Log(i - loc) - Math.Log(period), 2);
                if (score > bestScore) { bestScore = score; bestLocation = loc; }
            }
            cumulative[i] = bestLocation >= 0 ? local[i] + bestScore : local[i];
            if (firstBeat && local[i] < threshold) backlink[i] = -1;
            else { backlink[i] = bestLocation; firstBeat = false; }
        }
        var beats = new List<int>();
        for (var b = LastBeat(cumulative); b >= 0; b = backlink[b]) beats.Add(b);
        beats.Reverse();
        return TrimWeakEnds(local, beats);
    }

    /// <summary>onset / std(onset, ddof 1).</summary>
    private static double[] Normalise(double[] onset)
    {
        var mean = onset.Average();
        var std = Math.Sqrt(onset.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, onset.Length - 1));
        return onset.Select(v => v / (std + 1e-300)).ToArray();
    }

    /// <summary>Onset convolved ('same') with exp(−½·(32·j/period)²), j = −period…period.</summary>
    private static double[] LocalScore(double[] onset, double period)
    {
        var half = (int)period;
        var kernel = Enumerable.Range(-half, 2 * half + 1).Select(j => Math.Exp(-0.5 * Math.Pow(j * 32.0 / period, 2))).ToArray();
        var result = new double[onset.Length];
        for (var i = 0; i < onset.Length; i++)
        {
            double s = 0;
            for (var j = -half; j <= half; j++)
            {
                var k = i - j;
                if (k >= 0 && k < onset.Length) s += onset[k] * kernel[j + half];
            }
            result[i] = s;
        }
        return result;
    }

    /// <summary>The last local maximum of the cumulative score above half the median of its local maxima.</summary>
    private static int LastBeat(double[] cumulative)
    {
        var maxima = Enumerable.Range(0, cumulative.Length)
            .Where(i => (i == 0 || cumulative[i] > cumulative[i - 1]) && (i == cumulative.Length - 1 || cumulative[i] >= cumulative[i + 1]))
            .ToArray();
        if (maxima.Length == 0) return cumulative.Length - 1;
        var sorted = maxima.Select(i => cumulative[i]).Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
        return maxima.Where(i => 2 * cumulative[i] > median).DefaultIfEmpty(maxima[^1]).Max();
    }

    /// <summary>Drops leading and trailing beats whose Hann-smoothed local score is under half its RMS.</summary>
    private static int[] TrimWeakEnds(double[] local, List<int> beats)
    {
        if (beats.Count == 0) return [];
        double[] hann = [0, 0.5, 1, 0.5, 0];
        var atBeats = beats.Select(b => local[b]).ToArray();
        var smooth = new double[atBeats.Length];
        for (var i = 0; i < atBeats.Length; i++)
            for (var j = -2; j <= 2; j++)
                if (i - j >= 0 && i - j < atBeats.Length) smooth[i] += atBeats[i - j] * hann[j + 2];
        var threshold = 0.5 * Math.Sqrt(smooth.Average(v => v * v));
        var first = Array.FindIndex(smooth, v => v > threshold);
        var last = Array.FindLastIndex(smooth, v => v > threshold);
        return first < 0 ? [] : beats.Skip(first).Take(last - first + 1).ToArray();
    }
}
