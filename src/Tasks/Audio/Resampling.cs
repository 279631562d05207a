using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace NmfGrid.Tasks.Audio;

/// <summary>
/// Sample-rate conversion with NAudio's WDL resampler. The output has ceil(n·target/source) samples per
/// channel, the length librosa.resample gives (it pads or trims its resampler's output to that length).
/// </summary>
public static class Resampling
{
    public static AudioSignal Resample(AudioSignal signal, int targetRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        if (targetRate == signal.SampleRate)
            return signal;
        long outLength = (long)Math.Ceiling(signal.Length * (double)targetRate / signal.SampleRate);
        var channels = new float[signal.ChannelCount][];
        // Channels are resampled one by one: the WDL provider is interleaved-aware, but mono buffers keep it simple.
        for (int c = 0; c < channels.Length; c++)
        {
            var source = new ArraySampleProvider(signal.Channels[c], signal.SampleRate);
            var resampler = new WdlResamplingSampleProvider(source, targetRate);
            var output = new float[outLength];
            int filled = 0;
            var buffer = new float[16384];
            while (filled < output.Length)
            {
                int n = resampler.Read(buffer, 0, buffer.Length);
                if (n <= 0)
                    break;
                int take = Math.Min(n, output.Length - filled);
                Array.Copy(buffer, 0, output, filled, take);
                filled += take;
            }
            channels[c] = output; // zeros past what the resampler produced, like librosa's fix_length
        }
        return new AudioSignal(channels, targetRate);
    }

    /// <summary>A mono float array as an NAudio sample provider.</summary>
    private sealed class ArraySampleProvider(float[] samples, int sampleRate) : ISampleProvider
    {
        private int _position;

        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, 1);

        public int Read(float[] buffer, int offset, int count)
        {
            int n = Math.Min(count, samples.Length - _position);
            Array.Copy(samples, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
