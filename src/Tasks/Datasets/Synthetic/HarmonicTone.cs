namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>Additive synthesis of one harmonic note into a buffer.</summary>
public static class HarmonicTone
{
    /// <summary>f = 440·2^((m−69)/12).</summary>
    public static double MidiToHz(double midi) => 440.0 * Math.Pow(2.0, (midi - 69.0) / 12.0);

    /// <summary>
    /// Adds x(t) = A·env(t)·Σ_h h^−ρ·sin(2π·f_h·t) / Σ_h h^−ρ for t in [onset, offset + release), with
    /// f_h = h·f0·√(1 + B·h²) (B = inharmonicity); partials at or above Nyquist are left out.
    /// </summary>
    public static void Add(float[] buffer, int sampleRate, double onset, double offset, double midi, double amplitude, Timbre timbre)
    {
        var f0 = MidiToHz(midi);
        var first = (int)Math.Round(onset * sampleRate);
        var noteOff = offset - onset;
        var last = Math.Min(buffer.Length, (int)Math.Round((offset + timbre.Release) * sampleRate));
        if (first >= last) return;
        var partials = Enumerable.Range(1, timbre.Harmonics)
            .Select(h => (Freq: h * f0 * Math.Sqrt(1 + timbre.Inharmonicity * h * h), Gain: Math.Pow(h, -timbre.Rolloff)))
            .Where(p => p.Freq < 0.5 * sampleRate).ToArray();
        if (partials.Length == 0) return;
        var norm = 1.0 / partials.Sum(p => p.Gain);
        var vibratoDepth = Math.Pow(2, timbre.VibratoCents / 1200.0) - 1;
        var phases = new double[partials.Length];
        var dt = 1.0 / sampleRate;
        for (var n = first; n < last; n++)
        {
            var t = (n - first) * dt;
            var env = Envelope(t, noteOff, timbre);
            var bend = 1 + vibratoDepth * Math.Sin(2 * Math.PI * timbre.VibratoHz * t);
            double sample = 0;
            for (var p = 0; p < partials.Length; p++)
            {
                sample += partials[p].Gain * Math.Sin(phases[p]);
                phases[p] += 2 * Math.PI * partials[p].Freq * bend * dt;
            }
            buffer[n] += (float)(amplitude * env * norm * sample);
        }
    }

    private static double Envelope(double t, double noteOff, Timbre timbre)
    {
        var attack = Math.Min(1.0, t / timbre.Attack);
        var sustain = attack * Math.Exp(-Math.Max(0, t - timbre.Attack) / timbre.Decay);
        if (t < noteOff) return sustain;
        var atOff = Math.Min(1.0, noteOff / timbre.Attack) * Math.Exp(-Math.Max(0, noteOff - timbre.Attack) / timbre.Decay);
        return atOff * Math.Max(0, 1 - (t - noteOff) / timbre.Release);
    }
}
