using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace NmfGrid.Tasks.Audio;

/// <summary>
/// Reads one stream of a NI STEMS file (MUSDB18's .stem.mp4: 0 mixture, 1 drums, 2 bass, 3 other, 4 vocals)
/// by running ffmpeg/ffprobe from PATH, which decode AAC; there is no managed AAC decoder to plug in.
/// ffmpeg seeks to the offset and stops after the duration.
/// </summary>
internal static class StemDecoder
{
    private const string Alternative =
        "install ffmpeg (it must be on PATH), or use MUSDB18-HQ, which ships the same stems as WAV files";

    public static AudioSignal Read(string path, double offset, double? duration, int stem)
    {
        var probe = Run(path, "ffprobe", ["-v", "error", "-select_streams", $"a:{stem}",
            "-show_entries", "stream=sample_rate,channels", "-of", "csv=p=0", path]);
        var fields = System.Text.Encoding.UTF8.GetString(probe).Trim().Split(',');
        if (fields.Length < 2 || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out int rate)
            || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out int channels))
            throw new AudioFormatException(path, $"has no audio stream {stem} (stems: 0 mixture, 1 drums, 2 bass, 3 other, 4 vocals)");

        var args = new List<string> { "-nostdin", "-v", "error" };
        if (offset > 0)
            args.AddRange(["-ss", offset.ToString("R", CultureInfo.InvariantCulture)]);
        if (duration is { } d)
            args.AddRange(["-t", d.ToString("R", CultureInfo.InvariantCulture)]);
        args.AddRange(["-i", path, "-map", $"0:a:{stem}", "-f", "f32le", "-acodec", "pcm_f32le", "-"]);
        var pcm = Run(path, "ffmpeg", args);

        var interleaved = new float[pcm.Length / 4];
        Buffer.BlockCopy(pcm, 0, interleaved, 0, interleaved.Length * 4);
        var signal = SampleReading.Deinterleave(interleaved, channels, rate);
        if (duration is { } dd && signal.Length > (long)(dd * rate))
            signal = new AudioSignal(signal.Channels.Select(c => c[..(int)(dd * rate)]).ToArray(), rate);
        return signal;
    }

    private static byte[] Run(string path, string tool, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception($"{tool} did not start");
        }
        catch (Win32Exception e)
        {
            throw new AudioFormatException(path, $"reading .stem.mp4 needs {tool}, which was not found: {Alternative}", e);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new AudioFormatException(path, $"{tool} failed (exit {process.ExitCode}): {error.Result.Trim()}");
            return output.ToArray();
        }
    }
}
