namespace NmfGrid.Tasks.Tests.Audio;

/// <summary>Analytic test signals and a spectral peak finder.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, int length, double amplitude = 0.5, double phase = 0)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate + phase));
        return x;
    }

    public static double[] SineDouble(double frequency, int sampleRate, int length, double amplitude = 0.5) =>
        Array.ConvertAll(Sine(frequency, sampleRate, length, amplitude), v => (double)v);

    public static double[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    /// <summary>Frequency (Hz) of the largest DFT magnitude, scanning 1 Hz steps (slow but independent of the code under test).</summary>
    public static double DominantFrequency(float[] x, int sampleRate, double from, double to, double step = 1.0)
    {
        double best = from, bestPower = -1;
        for (double f = from; f <= to; f += step)
        {
            double re = 0, im = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double a = 2 * Math.PI * f * i / sampleRate;
                re += x[i] * Math.Cos(a);
                im += x[i] * Math.Sin(a);
            }
            double p = re * re + im * im;
            if (p > bestPower) { bestPower = p; best = f; }
        }
        return best;
    }
}
