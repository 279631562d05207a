using NAudio.Wave;

namespace NmfGrid.Tasks.Audio;

/// <summary>Reading whole frames out of interleaved sample providers and splitting them into channels.</summary>
internal static class SampleReading
{
    /// <summary>Skips <paramref name="skipFrames"/> frames, then reads up to <paramref name="maxFrames"/> frames (interleaved).</summary>
    public static List<float> ReadFrames(ISampleProvider provider, long skipFrames, long maxFrames)
    {
        int channels = provider.WaveFormat.Channels;
        var buffer = new float[8192 * channels];
        var result = new List<float>();
        long toSkip = skipFrames * channels;
        long toKeep = maxFrames == long.MaxValue ? long.MaxValue : maxFrames * channels;
        while (toKeep > 0)
        {
            int n = provider.Read(buffer, 0, buffer.Length);
            if (n <= 0)
                break;
            int from = 0;
            if (toSkip > 0)
            {
                from = (int)Math.Min(toSkip, n);
                toSkip -= from;
            }
            int take = (int)Math.Min(n - from, toKeep);
            result.AddRange(buffer.AsSpan(from, take));
            toKeep -= take;
        }
        // A partial last frame (a broken stream) is dropped so every channel has the same length.
        result.RemoveRange(result.Count - result.Count % channels, result.Count % channels);
        return result;
    }

    public static AudioSignal Deinterleave(IReadOnlyList<float> interleaved, int channels, int sampleRate)
    {
        int frames = interleaved.Count / channels;
        var samples = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            var channel = samples[c] = new float[frames];
            for (int f = 0; f < frames; f++)
                channel[f] = interleaved[f * channels + c];
        }
        return new AudioSignal(samples, sampleRate);
    }
}
