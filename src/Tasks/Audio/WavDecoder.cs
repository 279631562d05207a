using NAudio.Wave;

namespace NmfGrid.Tasks.Audio;

/// <summary>
/// Reads a crop of a RIFF/WAVE file: PCM 8/16/24/32-bit and IEEE float 32/64, plain or WAVE_FORMAT_EXTENSIBLE,
/// any channel count and rate. NAudio parses the chunks; only the requested frames are read (the reader seeks). With
/// <c>mono</c> the channels are mixed down as they are decoded (<see cref="AudioSignal.Mono"/>'s numbers).
/// </summary>
internal static class WavDecoder
{
    private static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid FloatSubFormat = new("00000003-0000-0010-8000-00aa00389b71");

    public static AudioSignal Read(string path, double offset, double? duration, bool mono = false)
    {
        WaveFileReader reader;
        try
        {
            reader = new WaveFileReader(path);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new AudioFormatException(path, $"not a valid WAV file ({e.Message})", e);
        }

        using (reader)
        {
            var format = reader.WaveFormat;
            var (isFloat, bits) = Encoding(path, format);
            int channels = format.Channels;
            int bytesPerSample = bits / 8;
            int blockAlign = channels * bytesPerSample;
            if (channels <= 0 || format.SampleRate <= 0 || format.BlockAlign != blockAlign)
                throw new AudioFormatException(path,
                    $"inconsistent format header ({channels} channels, {format.SampleRate} Hz, block align {format.BlockAlign}, {bits} bits)");

            long totalFrames = reader.Length / blockAlign;
            // librosa/soundfile: start = int(offset·sr), frames = int(duration·sr) (truncation).
            long start = Math.Min((long)(offset * format.SampleRate), totalFrames);
            long frames = totalFrames - start;
            if (duration is { } d)
                frames = Math.Min(frames, (long)(d * format.SampleRate));
            if (frames > int.MaxValue / blockAlign)
                throw new AudioFormatException(path, $"the excerpt of {frames} frames is too long to hold in memory; read a shorter duration");

            reader.Position = start * blockAlign;
            // Read in blocks (no byte copy of the whole excerpt), each decoded straight into the channels, or into the
            // mono mix when asked for one (no array per channel: the mix of AudioSignal.Mono, the same numbers).
            bool mix = mono && channels > 1;
            var samples = new float[mix ? 1 : channels][];
            for (int c = 0; c < samples.Length; c++)
                samples[c] = GC.AllocateUninitializedArray<float>((int)frames); // filled below, or the read throws
            var block = new byte[Math.Max(1, BlockBytes / blockAlign) * blockAlign];
            long done = 0;
            while (done < frames)
            {
                int want = (int)Math.Min(frames - done, block.Length / blockAlign) * blockAlign;
                int read = 0;
                while (read < want)
                {
                    int n = reader.Read(block, read, want - read);
                    if (n <= 0)
                        break;
                    read += n;
                }
                if (read < want)
                    throw new AudioFormatException(path,
                        $"truncated: the data chunk declares {reader.Length} bytes but the file ends after {(start + done) * blockAlign + read} of them");
                var bytes = block.AsSpan(0, want);
                if (mix)
                    MixDown(bytes, samples[0].AsSpan((int)done), channels, isFloat, bytesPerSample);
                else
                    Deinterleave(bytes, samples, (int)done, isFloat, bytesPerSample);
                done += want / blockAlign;
            }
            return new AudioSignal(samples, format.SampleRate);
        }
    }

    // 64 KiB a read: large enough for few calls, small enough to stay off the large object heap and in the cache.
    private const int BlockBytes = 64 * 1024;

    private static (bool IsFloat, int Bits) Encoding(string path, WaveFormat format)
    {
        var encoding = format.Encoding;
        if (encoding == WaveFormatEncoding.Extensible)
        {
            var sub = SubFormat(format);
            encoding = sub == PcmSubFormat ? WaveFormatEncoding.Pcm
                : sub == FloatSubFormat ? WaveFormatEncoding.IeeeFloat
                : throw new AudioFormatException(path, $"unsupported WAVE_FORMAT_EXTENSIBLE sub-format {sub}; only PCM and IEEE float are read");
        }
        int bits = format.BitsPerSample;
        return encoding switch
        {
            WaveFormatEncoding.Pcm when bits is 8 or 16 or 24 or 32 => (false, bits),
            WaveFormatEncoding.IeeeFloat when bits is 32 or 64 => (true, bits),
            WaveFormatEncoding.Pcm or WaveFormatEncoding.IeeeFloat =>
                throw new AudioFormatException(path, $"unsupported sample size: {bits}-bit {encoding}"),
            _ => throw new AudioFormatException(path, $"unsupported WAV encoding {encoding} ({bits}-bit); only PCM and IEEE float are read"),
        };
    }

    /// <summary>
    /// The sub-format GUID of a WAVE_FORMAT_EXTENSIBLE header. NAudio's reader keeps the header's extra bytes
    /// (valid bits 2, channel mask 4, GUID 16) rather than a WaveFormatExtensible.
    /// </summary>
    private static Guid SubFormat(WaveFormat format) => format switch
    {
        WaveFormatExtensible extensible => extensible.SubFormat,
        WaveFormatExtraData { ExtraData.Length: >= 22 } extra => new Guid(extra.ExtraData.AsSpan(6, 16)),
        _ => Guid.Empty,
    };

    // One loop per encoding (the same conversions sample by sample), so the format is not re-dispatched per sample.
    private static void Deinterleave(ReadOnlySpan<byte> bytes, float[][] samples, int at, bool isFloat, int bytesPerSample)
    {
        int channels = samples.Length;
        int frames = bytes.Length / (channels * bytesPerSample);
        switch (isFloat, bytesPerSample)
        {
            case (false, 2) when BitConverter.IsLittleEndian:
            {
                var pcm = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(bytes);
                for (int c = 0; c < channels; c++)
                {
                    var channel = samples[c].AsSpan(at, frames);
                    for (int f = 0, p = c; f < frames; f++, p += channels)
                        channel[f] = pcm[p] / 32768f;
                }
                return;
            }
            case (true, 4) when BitConverter.IsLittleEndian:
            {
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes);
                for (int c = 0; c < channels; c++)
                {
                    var channel = samples[c].AsSpan(at, frames);
                    for (int f = 0, p = c; f < frames; f++, p += channels)
                        channel[f] = values[p];
                }
                return;
            }
        }

        for (int f = 0, p = 0; f < frames; f++)
        {
            for (int c = 0; c < channels; c++, p += bytesPerSample)
                samples[c][at + f] = Sample(bytes.Slice(p, bytesPerSample), isFloat);
        }
    }

    /// <summary>
    /// The mean of the channels frame by frame, as <see cref="AudioSignal.Mono"/> takes it from the decoded channels:
    /// each sample decoded to float, summed in double from 0 in channel order, divided by the channel count, rounded to float.
    /// </summary>
    private static void MixDown(ReadOnlySpan<byte> bytes, Span<float> mono, int channels, bool isFloat, int bytesPerSample)
    {
        int frames = bytes.Length / (channels * bytesPerSample);
        if (!isFloat && bytesPerSample == 2 && BitConverter.IsLittleEndian)
        {
            var pcm = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(bytes);
            if (channels == 2)
            {
                // Every step of that sum is exact here (two multiples of 2^−15, their sum ≤ 17 significant bits, halved), so
                // the mean is (a + b)·2^−16 exactly, which a float holds: the integer sum scaled gives the same bits, zeros' signs included.
                int f = 0;
                if (System.Numerics.Vector.IsHardwareAccelerated)
                {
                    // A frame's two samples as one little-endian int, left | right << 16: left is its low half sign-extended
                    // (shift up, then arithmetically down), right its high half; the same integer sums, a vector at a time.
                    var pairs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes[..(frames * 4)]);
                    int step = System.Numerics.Vector<int>.Count;
                    for (; f + step <= frames; f += step)
                    {
                        var x = new System.Numerics.Vector<int>(pairs.Slice(f));
                        var sum = System.Numerics.Vector.ShiftRightArithmetic(System.Numerics.Vector.ShiftLeft(x, 16), 16)
                                  + System.Numerics.Vector.ShiftRightArithmetic(x, 16);
                        (System.Numerics.Vector.ConvertToSingle(sum) * (1f / 65536f)).CopyTo(mono.Slice(f));
                    }
                }
                for (int p = 2 * f; f < frames; f++, p += 2)
                    mono[f] = (pcm[p] + pcm[p + 1]) * (1f / 65536f);
                return;
            }
            for (int f = 0, p = 0; f < frames; f++)
            {
                double sum = 0.0;
                for (int c = 0; c < channels; c++, p++)
                    sum += pcm[p] / 32768f;
                mono[f] = (float)(sum / channels);
            }
            return;
        }
        for (int f = 0, p = 0; f < frames; f++)
        {
            double sum = 0.0;
            for (int c = 0; c < channels; c++, p += bytesPerSample)
                sum += Sample(bytes.Slice(p, bytesPerSample), isFloat);
            mono[f] = (float)(sum / channels);
        }
    }

    private static float Sample(ReadOnlySpan<byte> s, bool isFloat) => (isFloat, s.Length) switch
    {
        (true, 4) => BitConverter.ToSingle(s),
        (true, _) => (float)BitConverter.ToDouble(s),
        (false, 1) => (s[0] - 128) / 128f,
        (false, 2) => BitConverter.ToInt16(s) / 32768f,
        (false, 3) => ((s[0] << 8 | s[1] << 16 | s[2] << 24) >> 8) / 8388608f,
        _ => (float)(BitConverter.ToInt32(s) / 2147483648.0),
    };
}
