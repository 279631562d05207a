namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Frame-level multi-pitch evaluation, the semantics of mir_eval 0.7 multipitch.metrics. Frequencies (Hz) become
/// continuous MIDI numbers 69 + 12·log2(f/440); per frame, TP = maximum one-to-one matching within half a
/// semitone (chroma: circular distance min(d, 12 − d) on MIDI mod 12). Over all frames:
///   P = ΣTP/Σn_est, R = ΣTP/Σn_ref, Acc = ΣTP/Σ(n_est + n_ref − TP),
///   E_sub = Σ(min(n_ref,n_est) − TP)/Σn_ref, E_miss = Σmax(0, n_ref − n_est)/Σn_ref,
///   E_fa = Σmax(0, n_est − n_ref)/Σn_ref, E_tot = Σ(max(n_ref,n_est) − TP)/Σn_ref   (0 when a denominator is 0).
/// Estimates on another time grid are resampled to the reference frames by nearest neighbour (ties to the
/// earlier frame); reference frames outside the estimate's time span get no estimated pitch.
/// </summary>
public static class Multipitch
{
    public const double MaxTime = 30000.0;
    public const double MinFrequency = 20.0;
    public const double MaxFrequency = 5000.0;
    private const double Window = 0.5;

    /// <param name="referenceTimes">Frame times in seconds, non-decreasing.</param>
    /// <param name="referenceFrequencies">Active pitches (Hz) of each reference frame, possibly none.</param>
    /// <exception cref="ArgumentException">The mir_eval checks: times ≤ 30000 s and non-decreasing, one frequency
    /// list per time, every frequency in [20, 5000] Hz; and an empty reference.</exception>
    public static MultipitchScores Score(
        IReadOnlyList<double> referenceTimes, IReadOnlyList<double[]> referenceFrequencies,
        IReadOnlyList<double> estimateTimes, IReadOnlyList<double[]> estimateFrequencies)
    {
        Validate(referenceTimes, referenceFrequencies, "Reference");
        Validate(estimateTimes, estimateFrequencies, "Estimate");
        if (referenceTimes.Count == 0) throw new ArgumentException("Reference times are empty: multi-pitch scores are undefined.");

        if (!SameGrid(estimateTimes, referenceTimes))
            estimateFrequencies = Resample(estimateTimes, estimateFrequencies, referenceTimes);

        int frames = referenceTimes.Count;
        var refMidi = referenceFrequencies.Select(ToMidi).ToArray();
        var estMidi = estimateFrequencies.Select(ToMidi).ToArray();
        var nRef = refMidi.Select(f => f.Length).ToArray();
        var nEst = estMidi.Select(f => f.Length).ToArray();
        var tp = new int[frames];
        var tpChroma = new int[frames];
        for (int i = 0; i < frames; i++)
        {
            tp[i] = EventMatching.Count(refMidi[i], estMidi[i], Window);
            var refChroma = refMidi[i].Select(Chroma).ToArray();
            var estChroma = estMidi[i].Select(Chroma).ToArray();
            tpChroma[i] = EventMatching.Count(refChroma, estChroma, Window, ChromaDistance);
        }
        var (p, r, acc) = Accuracy(tp, nRef, nEst);
        var (sub, miss, fa, tot) = Errors(tp, nRef, nEst);
        var (pc, rc, accc) = Accuracy(tpChroma, nRef, nEst);
        var (subc, missc, fac, totc) = Errors(tpChroma, nRef, nEst);
        return new MultipitchScores(p, r, acc, sub, miss, fa, tot, pc, rc, accc, subc, missc, fac, totc);
    }

    /// <summary>Nearest-neighbour resampling of frames onto <paramref name="targetTimes"/> (scipy interp1d 'nearest').</summary>
    public static double[][] Resample(IReadOnlyList<double> times, IReadOnlyList<double[]> frequencies, IReadOnlyList<double> targetTimes)
    {
        var result = new double[targetTimes.Count][];
        if (times.Count == 0)
        {
            for (int k = 0; k < result.Length; k++) result[k] = [];
            return result;
        }
        // Midpoints between consecutive source times; a target exactly on a midpoint goes to the earlier frame.
        var midpoints = new double[times.Count - 1];
        for (int i = 0; i < midpoints.Length; i++) midpoints[i] = times[i + 1] / 2.0 + times[i] / 2.0;
        for (int k = 0; k < targetTimes.Count; k++)
        {
            double t = targetTimes[k];
            if (t < times[0] || t > times[^1]) { result[k] = []; continue; }
            int index = LowerBound(midpoints, t);
            result[k] = frequencies[Math.Min(index, times.Count - 1)];
        }
        return result;
    }

    private static void Validate(IReadOnlyList<double> times, IReadOnlyList<double[]> frequencies, string side)
    {
        for (int i = 0; i < times.Count; i++)
        {
            if (double.IsNaN(times[i])) throw new ArgumentException($"{side} time {i} is NaN.");
            if (times[i] > MaxTime)
                throw new ArgumentException($"{side}: an event at time {times[i]} s exceeds the maximum allowable time of {MaxTime} s (did you supply times in seconds?).");
        }
        for (int i = 1; i < times.Count; i++)
        {
            if (times[i] < times[i - 1])
                throw new ArgumentException($"{side} times should be in increasing order (time {i} = {times[i]} < {times[i - 1]}).");
        }
        if (times.Count != frequencies.Count)
            throw new ArgumentException($"{side} times and frequencies have unequal lengths ({times.Count} times, {frequencies.Count} frames).");
        for (int i = 0; i < frequencies.Count; i++)
        {
            foreach (var f in frequencies[i])
            {
                // mir_eval compares |f| to the bounds; a negative frequency is refused here outright.
                if (!(f >= MinFrequency))
                    throw new ArgumentException($"{side} frame {i}: a frequency of {f} Hz is below the minimum allowable value of {MinFrequency} Hz (did you supply frequencies in Hz?).");
                if (f > MaxFrequency)
                    throw new ArgumentException($"{side} frame {i}: a frequency of {f} Hz is above the maximum allowable value of {MaxFrequency} Hz (did you supply frequencies in Hz?).");
            }
        }
    }

    // numpy.allclose(est, ref): |est − ref| ≤ 1e-8 + 1e-5·|ref| everywhere.
    private static bool SameGrid(IReadOnlyList<double> estimate, IReadOnlyList<double> reference)
    {
        if (estimate.Count != reference.Count) return false;
        for (int i = 0; i < estimate.Count; i++)
            if (!(Math.Abs(estimate[i] - reference[i]) <= 1e-8 + 1e-5 * Math.Abs(reference[i]))) return false;
        return true;
    }

    private static double[] ToMidi(double[] hz) => hz.Select(f => 69.0 + 12.0 * Math.Log2(f / 440.0)).ToArray();

    // Python's x % 12 for floats: the result takes the sign of the divisor.
    private static double Chroma(double midi)
    {
        double c = midi % 12.0;
        return c < 0 ? c + 12.0 : c;
    }

    private static double ChromaDistance(double a, double b)
    {
        double d = Math.Abs(Chroma(a) - Chroma(b));
        return Math.Min(d, 12.0 - d);
    }

    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static (double P, double R, double Acc) Accuracy(int[] tp, int[] nRef, int[] nEst)
    {
        double tpSum = tp.Sum();
        long estSum = nEst.Sum(), refSum = nRef.Sum();
        long denominator = 0;
        for (int i = 0; i < tp.Length; i++) denominator += nEst[i] + nRef[i] - tp[i];
        return (estSum > 0 ? tpSum / estSum : 0.0, refSum > 0 ? tpSum / refSum : 0.0, denominator > 0 ? tpSum / denominator : 0.0);
    }

    private static (double Sub, double Miss, double FalseAlarm, double Total) Errors(int[] tp, int[] nRef, int[] nEst)
    {
        double refSum = nRef.Sum();
        if (refSum == 0) return (0, 0, 0, 0);
        long sub = 0, miss = 0, fa = 0, tot = 0;
        for (int i = 0; i < tp.Length; i++)
        {
            sub += Math.Min(nRef[i], nEst[i]) - tp[i];
            miss += Math.Max(0, nRef[i] - nEst[i]);
            fa += Math.Max(0, nEst[i] - nRef[i]);
            tot += Math.Max(nRef[i], nEst[i]) - tp[i];
        }
        return (sub / refSum, miss / refSum, fa / refSum, tot / refSum);
    }
}
