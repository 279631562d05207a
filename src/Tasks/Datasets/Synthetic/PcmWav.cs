using NAudio.Wave;

namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>Writes 16-bit PCM WAV files (what MAPS, MUSDB18-HQ and RWC ship), through NAudio's WaveFileWriter.</summary>
public static class PcmWav
{
    /// <summary>Channels are equal-length float signals in [−1, 1]; samples are rounded to 16 bits (half to even) and clipped.</summary>
    public static void Write(string path, int sampleRate, params float[][] channels)
    {
        if (channels.Length == 0 || channels.Any(c => c.Length != channels[0].Length))
            throw new ArgumentException($"WAV {path}: need at least one channel, all of the same length.", nameof(channels));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var frames = channels[0].Length;
        var bytes = new byte[frames * channels.Length * 2];
        var k = 0;
        for (var n = 0; n < frames; n++)
        foreach (var channel in channels)
        {
            var value = (short)Math.Clamp(Math.Round(channel[n] * 32767.0), short.MinValue, short.MaxValue);
            bytes[k++] = (byte)(value & 0xFF);
            bytes[k++] = (byte)((value >> 8) & 0xFF);
        }
        using var writer = new WaveFileWriter(path, new WaveFormat(sampleRate, 16, channels.Length));
        writer.Write(bytes, 0, bytes.Length);
    }

    /// <summary>Scales signals together so the loudest sample of <paramref name="reference"/> reaches <paramref name="peak"/>.</summary>
    public static void Normalise(float[] reference, double peak, params float[][] signals)
    {
        var max = reference.Length == 0 ? 0 : reference.Max(MathF.Abs);
        if (max <= 0) return;
        var gain = (float)(peak / max);
        foreach (var signal in signals)
            for (var i = 0; i < signal.Length; i++) signal[i] *= gain;
    }
}
