using System.Text;

namespace NmfGrid.Tasks.Tests.Audio;

/// <summary>Hand-made RIFF/WAVE files, for formats NAudio cannot write (float64, 24-bit extensible, …) and broken files.</summary>
internal static class WavBytes
{
    public const ushort Pcm = 1, IeeeFloat = 3, MuLaw = 7, Extensible = 0xFFFE;

    /// <summary>Interleaved samples in [-1, 1] encoded as the given format.</summary>
    public static byte[] Build(float[][] channels, int sampleRate, ushort formatTag, int bits, bool extensible = false,
                               int? declaredDataBytes = null)
    {
        int frames = channels[0].Length, nch = channels.Length, bytesPerSample = bits / 8;
        var data = new MemoryStream();
        var w = new BinaryWriter(data);
        for (int f = 0; f < frames; f++)
            for (int c = 0; c < nch; c++)
                WriteSample(w, channels[c][f], formatTag, bits);
        w.Flush();
        return Wrap(data.ToArray(), nch, sampleRate, formatTag, bits, extensible, declaredDataBytes ?? (int)data.Length, bytesPerSample);
    }

    public static byte[] Wrap(byte[] data, int nch, int sampleRate, ushort formatTag, int bits, bool extensible,
                              int declaredDataBytes, int bytesPerSample)
    {
        var file = new MemoryStream();
        var w = new BinaryWriter(file);
        int fmtLength = extensible ? 40 : 16;
        w.Write(Encoding.ASCII.GetBytes("RIFF"));
        w.Write(4 + 8 + fmtLength + 8 + declaredDataBytes);
        w.Write(Encoding.ASCII.GetBytes("WAVE"));
        w.Write(Encoding.ASCII.GetBytes("fmt "));
        w.Write(fmtLength);
        w.Write(extensible ? Extensible : formatTag);
        w.Write((ushort)nch);
        w.Write(sampleRate);
        w.Write(sampleRate * nch * bytesPerSample);
        w.Write((ushort)(nch * bytesPerSample));
        w.Write((ushort)bits);
        if (extensible)
        {
            w.Write((ushort)22);
            w.Write((ushort)bits); // valid bits
            w.Write(nch == 1 ? 4 : (1 << nch) - 1); // channel mask
            w.Write(new Guid($"{formatTag:x8}-0000-0010-8000-00aa00389b71").ToByteArray());
        }
        w.Write(Encoding.ASCII.GetBytes("data"));
        w.Write(declaredDataBytes);
        w.Write(data);
        w.Flush();
        return file.ToArray();
    }

    private static void WriteSample(BinaryWriter w, float x, ushort formatTag, int bits)
    {
        if (formatTag == IeeeFloat)
        {
            if (bits == 32) w.Write(x); else w.Write((double)x);
            return;
        }
        switch (bits)
        {
            case 8: w.Write((byte)Math.Clamp(Math.Round(x * 128 + 128), 0, 255)); break;
            case 16: w.Write((short)Math.Clamp(Math.Round(x * 32768.0), short.MinValue, short.MaxValue)); break;
            case 24:
                int v = (int)Math.Clamp(Math.Round(x * 8388608.0), -8388608, 8388607);
                w.Write((byte)v); w.Write((byte)(v >> 8)); w.Write((byte)(v >> 16));
                break;
            case 32: w.Write((int)Math.Clamp(Math.Round(x * 2147483648.0), int.MinValue, int.MaxValue)); break;
            default: throw new ArgumentOutOfRangeException(nameof(bits));
        }
    }
}
