namespace NmfGrid.Tasks.Features;

/// <summary>
/// Mel scales as librosa's hz_to_mel/mel_to_hz. Slaney (default): linear below 1 kHz (200/3 Hz per mel),
/// logarithmic above (27 mels per factor 6.4). HTK: m = 2595·log10(1 + f/700).
/// </summary>
public static class MelScale
{
    private const double LinearStep = 200.0 / 3.0;
    private const double BreakHz = 1000.0;
    private const double BreakMel = BreakHz / LinearStep; // 15
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    public static double HzToMel(double hz, bool htk = false)
    {
        if (htk)
            return 2595.0 * Math.Log10(1.0 + hz / 700.0);
        return hz >= BreakHz ? BreakMel + Math.Log(hz / BreakHz) / LogStep : hz / LinearStep;
    }

    public static double MelToHz(double mel, bool htk = false)
    {
        if (htk)
            return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        return mel >= BreakMel ? BreakHz * Math.Exp(LogStep * (mel - BreakMel)) : LinearStep * mel;
    }

    /// <summary>n frequencies equally spaced in mels from fmin to fmax, inclusive (librosa.mel_frequencies).</summary>
    public static double[] Frequencies(int n, double fmin, double fmax, bool htk = false)
    {
        double lo = HzToMel(fmin, htk), hi = HzToMel(fmax, htk);
        var hz = new double[n];
        for (int i = 0; i < n; i++)
            hz[i] = MelToHz(n == 1 ? lo : lo + (hi - lo) * i / (n - 1), htk);
        return hz;
    }
}
