namespace NmfGrid.Tasks.Audio;

/// <summary>
/// Decoded audio: one array of samples per channel (all the same length), in [-1, 1] for PCM sources,
/// at <see cref="SampleRate"/> Hz.
/// </summary>
public sealed record AudioSignal
{
    public AudioSignal(float[][] channels, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Length == 0)
            throw new ArgumentException("An audio signal needs at least one channel.", nameof(channels));
        if (channels.Any(c => c.Length != channels[0].Length))
            throw new ArgumentException("All channels must have the same length.", nameof(channels));
        if (sampleRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive.");
        Channels = channels;
        SampleRate = sampleRate;
    }

    public float[][] Channels { get; }

    public int SampleRate { get; }

    public int ChannelCount => Channels.Length;

    /// <summary>Samples per channel.</summary>
    public int Length => Channels[0].Length;

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);

    public double DurationSeconds => (double)Length / SampleRate;

    public static AudioSignal FromMono(float[] samples, int sampleRate) => new([samples], sampleRate);

    public static AudioSignal FromMono(double[] samples, int sampleRate) =>
        new([Array.ConvertAll(samples, s => (float)s)], sampleRate);

    /// <summary>The mean of the channels, as librosa's to_mono (the channel itself when there is one).</summary>
    public float[] Mono()
    {
        if (ChannelCount == 1)
            return Channels[0];
        // Channel by channel into double sums (0 + c₀ + c₁ + …, the order sample by sample would take), then the mean.
        var sum = new double[Length];
        foreach (var channel in Channels)
        {
            for (int i = 0; i < sum.Length; i++)
                sum[i] += channel[i];
        }
        var mono = new float[Length];
        for (int i = 0; i < mono.Length; i++)
            mono[i] = (float)(sum[i] / ChannelCount);
        return mono;
    }

    /// <summary>The mono mix in double precision, the input the features take.</summary>
    public double[] MonoAsDouble()
    {
        var mono = Mono();
        var result = GC.AllocateUninitializedArray<double>(mono.Length); // every entry is written below
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            // float → double is exact, lane by lane as one by one.
            var from = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(mono.AsSpan());
            var to = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(result.AsSpan());
            for (int v = 0; v < from.Length; v++)
                System.Numerics.Vector.Widen(from[v], out to[2 * v], out to[2 * v + 1]);
            i = from.Length * System.Numerics.Vector<float>.Count;
        }
        for (; i < mono.Length; i++)
            result[i] = mono[i];
        return result;
    }
}
