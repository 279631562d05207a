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
        var mono = new float[Length];
        for (int i = 0; i < mono.Length; i++)
        {
            double sum = 0;
            foreach (var channel in Channels)
                sum += channel[i];
            mono[i] = (float)(sum / ChannelCount);
        }
        return mono;
    }

    /// <summary>The mono mix in double precision, the input the features take.</summary>
    public double[] MonoAsDouble() => Array.ConvertAll(Mono(), s => (double)s);
}
