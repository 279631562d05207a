using NAudio.Wave;

namespace NmfGrid.Tasks.Datasets;

/// <summary>
/// Cheap checks that an audio file is present and not obviously corrupt, for dataset validation:
/// WAV headers are parsed (NAudio); MP3 and MP4 are recognised by their magic bytes only (decoding them is the audio reader's job).
/// </summary>
public static class AudioFileCheck
{
    /// <summary>Null when the file looks usable, else what is wrong with it.</summary>
    public static string? Problem(string path)
    {
        if (!File.Exists(path)) return "audio file not found";
        var length = new FileInfo(path).Length;
        if (length == 0) return "audio file is empty";
        var extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            return extension switch
            {
                ".wav" => WavProblem(path),
                ".mp3" => Mp3Problem(path),
                ".mp4" or ".m4a" => Mp4Problem(path),
                _ => null,
            };
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidDataException or ArgumentException)
        {
            return $"corrupt {extension} file: {e.Message}";
        }
    }

    /// <summary>Duration in seconds of a WAV file, from its header.</summary>
    public static double WavDuration(string path)
    {
        using var reader = new WaveFileReader(path);
        return reader.SampleCount / (double)reader.WaveFormat.SampleRate;
    }

    private static string? WavProblem(string path)
    {
        using var reader = new WaveFileReader(path);
        if (reader.WaveFormat.SampleRate <= 0 || reader.WaveFormat.Channels <= 0)
            return $"corrupt WAV header ({reader.WaveFormat})";
        if (reader.SampleCount == 0) return "WAV file holds no samples";
        // A copy cut short keeps its header: the data chunk then claims more bytes than the file holds.
        var missing = MissingDataBytes(path);
        return missing > 0 ? $"truncated WAV: {missing} bytes of audio data missing" : null;
    }

    /// <summary>Bytes of audio the 'data' chunk declares beyond the end of the file (0 when complete).</summary>
    private static long MissingDataBytes(string path)
    {
        using var stream = File.OpenRead(path);
        using var binary = new BinaryReader(stream);
        stream.Position = 12; // "RIFF", size, "WAVE"
        while (stream.Position + 8 <= stream.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(binary.ReadBytes(4));
            var size = binary.ReadUInt32();
            if (id == "data") return Math.Max(0, stream.Position + size - stream.Length);
            stream.Position += size + (size & 1);
        }
        return 0;
    }

    private static string? Mp3Problem(string path)
    {
        var head = Head(path, 3);
        var id3 = head.Length == 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3';
        var frameSync = head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0;
        return id3 || frameSync ? null : "not an MP3 file (no ID3 tag or frame sync at its start)";
    }

    private static string? Mp4Problem(string path)
    {
        var head = Head(path, 8);
        var ftyp = head.Length == 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p';
        return ftyp ? null : "not an MP4 file (no 'ftyp' box at its start)";
    }

    private static byte[] Head(string path, int count)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return buffer[..read];
    }
}
