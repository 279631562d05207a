using NAudio.Wave;

namespace NmfGrid.Tasks.Audio;

/// <summary>Writes WAV files (separated sources, rendered examples).</summary>
public static class AudioWriter
{
    public static void WriteWav(string path, AudioSignal signal, WavSampleFormat format = WavSampleFormat.Float32)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);

        int channels = signal.ChannelCount, frames = signal.Length;
        var waveFormat = format switch
        {
            WavSampleFormat.Pcm16 => new WaveFormat(signal.SampleRate, 16, channels),
            WavSampleFormat.Float32 => WaveFormat.CreateIeeeFloatWaveFormat(signal.SampleRate, channels),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown WAV sample format."),
        };
        int bytesPerSample = waveFormat.BitsPerSample / 8;
        var bytes = new byte[(long)frames * channels * bytesPerSample];
        var span = bytes.AsSpan();
        for (int f = 0, p = 0; f < frames; f++)
        {
            for (int c = 0; c < channels; c++, p += bytesPerSample)
            {
                float x = signal.Channels[c][f];
                if (format == WavSampleFormat.Float32)
                {
                    BitConverter.TryWriteBytes(span.Slice(p, 4), x);
                }
                else
                {
                    // Clip first: NAudio's own 16-bit conversion wraps around on overflow.
                    double clipped = Math.Clamp(double.IsNaN(x) ? 0 : x, -1.0, 1.0);
                    BitConverter.TryWriteBytes(span.Slice(p, 2), (short)Math.Round(clipped * 32767.0));
                }
            }
        }
        using var writer = new WaveFileWriter(path, waveFormat);
        writer.Write(bytes, 0, bytes.Length);
    }
}
