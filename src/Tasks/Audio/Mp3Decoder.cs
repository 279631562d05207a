namespace NmfGrid.Tasks.Audio;

/// <summary>
/// Reads a crop of an MPEG-1/2 layer I–III file through <see cref="MpegSampleProvider"/>. MP3 frames do not
/// allow sample-exact seeking, so the samples before the offset are decoded and skipped; decoding stops at
/// the end of the excerpt.
/// </summary>
internal static class Mp3Decoder
{
    public static AudioSignal Read(string path, double offset, double? duration)
    {
        using var stream = File.OpenRead(path);
        MpegSampleProvider provider;
        try
        {
            provider = new MpegSampleProvider(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AudioFormatException(path, $"not a decodable MPEG audio file ({e.Message})", e);
        }

        using (provider)
        {
            int rate = provider.WaveFormat.SampleRate, channels = provider.WaveFormat.Channels;
            if (rate <= 0 || channels <= 0)
                throw new AudioFormatException(path, "no MPEG audio frame found");
            long skip = (long)(offset * rate);
            long wanted = duration is { } d ? (long)(d * rate) : long.MaxValue;
            try
            {
                var interleaved = SampleReading.ReadFrames(provider, skip, wanted);
                if (interleaved.Count == 0 && skip == 0 && wanted > 0)
                    throw new AudioFormatException(path, "no MPEG audio frame could be decoded");
                return SampleReading.Deinterleave(interleaved, channels, rate);
            }
            catch (Exception e) when (e is not AudioFormatException and not OutOfMemoryException)
            {
                throw new AudioFormatException(path, $"corrupt MPEG stream ({e.Message})", e);
            }
        }
    }
}
