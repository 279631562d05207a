namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>Drum hits: a pitch-swept sine for the kick, filtered noise bursts for snare and hi-hat.</summary>
public static class NoiseDrum
{
    /// <summary>Kick: sin with frequency sweeping 110 → 45 Hz, amplitude e^(−t/0.15).</summary>
    public static void Kick(float[] buffer, int sampleRate, double time, double amplitude)
    {
        var start = (int)Math.Round(time * sampleRate);
        var length = (int)(0.45 * sampleRate);
        double phase = 0;
        for (var i = 0; i < length && start + i < buffer.Length; i++)
        {
            var t = (double)i / sampleRate;
            var freq = 45 + 65 * Math.Exp(-t / 0.04);
            buffer[start + i] += (float)(amplitude * Math.Exp(-t / 0.15) * Math.Sin(phase));
            phase += 2 * Math.PI * freq / sampleRate;
        }
    }

    /// <summary>Snare: white noise (e^(−t/0.09)) plus a 190 Hz body (e^(−t/0.05)).</summary>
    public static void Snare(float[] buffer, int sampleRate, double time, double amplitude, Random random)
    {
        var start = (int)Math.Round(time * sampleRate);
        var length = (int)(0.35 * sampleRate);
        for (var i = 0; i < length && start + i < buffer.Length; i++)
        {
            var t = (double)i / sampleRate;
            var noise = 2 * random.NextDouble() - 1;
            var body = Math.Sin(2 * Math.PI * 190 * t);
            buffer[start + i] += (float)(amplitude * (0.7 * noise * Math.Exp(-t / 0.09) + 0.4 * body * Math.Exp(-t / 0.05)));
        }
    }

    /// <summary>Hi-hat: first difference of white noise (a crude high-pass), e^(−t/0.03).</summary>
    public static void HiHat(float[] buffer, int sampleRate, double time, double amplitude, Random random)
    {
        var start = (int)Math.Round(time * sampleRate);
        var length = (int)(0.12 * sampleRate);
        double previous = 0;
        for (var i = 0; i < length && start + i < buffer.Length; i++)
        {
            var t = (double)i / sampleRate;
            var noise = 2 * random.NextDouble() - 1;
            buffer[start + i] += (float)(amplitude * 0.5 * (noise - previous) * Math.Exp(-t / 0.03));
            previous = noise;
        }
    }
}
