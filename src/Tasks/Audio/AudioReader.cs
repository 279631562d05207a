namespace NmfGrid.Tasks.Audio;

/// <summary>
/// Reads audio files the benchmark datasets use: WAV (NAudio), MP3 (NLayer) and MUSDB18's .stem.mp4 (ffmpeg),
/// cropped, mixed down and resampled as <see cref="AudioReadOptions"/> asks — librosa.load's semantics.
/// </summary>
public static class AudioReader
{
    public static AudioSignal Read(string path, AudioReadOptions? options = null)
    {
        options ??= AudioReadOptions.Default;
        options.Validate();
        if (!File.Exists(path))
            throw new FileNotFoundException($"Audio file '{path}' does not exist.", path);

        AudioSignal signal;
        try
        {
            signal = Decode(path, options);
        }
        catch (Exception e) when (e is not (AudioFormatException or FileNotFoundException or OperationCanceledException))
        {
            // Decoders report damage in their own words (NAudio: "Must read complete blocks"); the user needs the file.
            throw new AudioFormatException(path, $"cannot be decoded, the file is corrupt or truncated ({e.GetType().Name}: {e.Message})", e);
        }
        if (options.Mono && signal.ChannelCount > 1)
            signal = AudioSignal.FromMono(signal.Mono(), signal.SampleRate);
        if (options.SampleRate is { } rate && rate != signal.SampleRate)
            signal = Resampling.Resample(signal, rate);
        return signal;
    }

    private static AudioSignal Decode(string path, AudioReadOptions options)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".stem.mp4", StringComparison.Ordinal))
            return StemDecoder.Read(path, options.Offset, options.Duration, options.Stem);

        var magic = ReadMagic(path);
        if (magic.StartsWith("RIFF", StringComparison.Ordinal) || magic.StartsWith("RF64", StringComparison.Ordinal))
            return WavDecoder.Read(path, options.Offset, options.Duration, options.Mono);
        if (magic.StartsWith("ID3", StringComparison.Ordinal) || name.EndsWith(".mp3", StringComparison.Ordinal)
            || (magic.Length >= 2 && magic[0] == '\u00ff' && (magic[1] & 0xE0) == 0xE0))
            return Mp3Decoder.Read(path, options.Offset, options.Duration);
        if (name.EndsWith(".wav", StringComparison.Ordinal))
            throw new AudioFormatException(path, "no RIFF/WAVE header (the file is corrupt or not a WAV file)");
        throw new AudioFormatException(path,
            $"unsupported format '{Path.GetExtension(path)}'; readable: .wav (PCM 8/16/24/32, float 32/64), .mp3, .stem.mp4 (with ffmpeg)");
    }

    private static string ReadMagic(string path)
    {
        using var stream = File.OpenRead(path);
        var bytes = new byte[4];
        int n = stream.ReadAtLeast(bytes, 4, throwOnEndOfStream: false);
        return new string(bytes.Take(n).Select(b => (char)b).ToArray());
    }
}
