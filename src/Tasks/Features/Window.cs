namespace NmfGrid.Tasks.Features;

/// <summary>Analysis windows.</summary>
public static class Window
{
    /// <summary>
    /// Periodic Hann window, w[n] = 0.5 − 0.5·cos(2πn/N), n = 0…N−1: librosa's get_window('hann', N)
    /// (scipy's hann(N, sym=False)), which makes the STFT's squared windows overlap-add to a constant.
    /// </summary>
    public static double[] Hann(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var w = new double[length];
        for (int n = 0; n < length; n++)
            w[n] = 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * n / length);
        return w;
    }
}
