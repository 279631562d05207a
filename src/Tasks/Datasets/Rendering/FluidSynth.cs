using System.Diagnostics;
using NmfGrid.Tasks.Audio;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// Renders a MIDI file to audio with the `fluidsynth` program (Debian package fluidsynth, 2.x), offline:
/// `fluidsynth -ni -q -o synth.dynamic-sample-loading=1 -g GAIN -R 1 -C 0 -F OUT.wav -r RATE -T wav -O float SOUNDFONT IN.mid` (no shell, no MIDI
/// input, fast render to a 32-bit float WAV), read back with <see cref="AudioReader"/> as stereo at the file's rate.
/// </summary>
public sealed class FluidSynth(string program = "fluidsynth", double gain = 0.5)
{
    public const string Package = "fluidsynth";

    public string Program { get; } = program;

    public double Gain { get; } = gain;

    /// <summary>The program's path, or a <see cref="RenderException"/> telling to install the package.</summary>
    public string Locate()
    {
        if (Program.Contains('/')) return File.Exists(Program) ? Program : throw Missing();
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, Program)).FirstOrDefault(File.Exists);
        return found ?? throw Missing();
    }

    private RenderException Missing() =>
        new($"The program '{Program}' was not found: install the Debian package {Package} (apt-get install --no-install-recommends {Package}).");

    public AudioSignal Render(string midiPath, string soundFont, int sampleRate, string wavPath)
    {
        var psi = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     // Dynamic sample loading decodes only the presets the file uses (an .sf3 is Ogg-compressed): half the CPU time.
                     "-ni", "-q", "-o", "synth.dynamic-sample-loading=1", "-g", Gain.ToString(System.Globalization.CultureInfo.InvariantCulture), "-R", "1", "-C", "0",
                     "-F", wavPath, "-r", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-T", "wav", "-O", "float",
                     soundFont, midiPath,
                 })
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new RenderException($"Could not start '{Program}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var messages = (stdout.Result + stderr.Result).Trim();
        // FluidSynth exits 0 even when the SoundFont fails to load (it renders silence), so its messages are checked too.
        if (messages.Contains("Failed to load the SoundFont", StringComparison.OrdinalIgnoreCase) || messages.Contains("Failed to load SoundFont", StringComparison.OrdinalIgnoreCase))
            throw new RenderException($"SoundFont '{soundFont}' could not be loaded by {Program}: {FirstLines(messages)}");
        if (process.ExitCode != 0 || !File.Exists(wavPath))
            throw new RenderException($"{Program} failed on '{midiPath}' (exit code {process.ExitCode}): {FirstLines(messages)}");
        return AudioReader.Read(wavPath, new AudioReadOptions { Mono = false });
    }

    private static string FirstLines(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(4));
}
