using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NmfGrid.Coordinator.Tests.Fixtures;

namespace NmfGrid.Coordinator.Tests.Quality;

/// <summary>
/// Issue 14 §3, as a user runs it: a small corpus rendered with sampled instruments (FluidSynth and the MuseScore General
/// SoundFont, in the MAPS, MUSDB18-HQ and Beatles layouts), then `nmfgrid run benchmarks/tasks-best.yaml -m` and
/// `benchmarks/tasks-seed.yaml -m` as processes with NMFGRID_DATA pointing at it. Each task's headline column must stay
/// above a floor a little under what this corpus reaches, and ahead of the seed preset by the margin the issue asks for.
/// Reached when written (render seed 11: 2 MAPS pieces of 15 s with ISOL/NO, 2 + 2 MUSDB tracks of 15 s, 4 songs of 90 s):
/// f1 0.903 against 0.508, si_sdr.mean +1.43 dB against −6.88 dB, f3 0.841 against 0.673.
/// </summary>
public sealed class RenderedMusicTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-rendered-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Best_methods_clear_their_floors_and_beat_the_seed_presets_on_rendered_music()
    {
        var data = Path.Combine(_root, "data");
        Render("maps", "--out", Path.Combine(data, "maps"), "--tracks", "2", "--duration", "15");
        Render("musdb18hq", "--out", Path.Combine(data, "musdb18hq"), "--tracks", "2", "--train-tracks", "2", "--duration", "15");
        Render("beatles", "--out", Path.Combine(data, "beatles"), "--tracks", "4", "--duration", "90");

        var best = Headlines(await Run("tasks-best.yaml", data));
        var seed = Headlines(await Run("tasks-seed.yaml", data));
        var report = $"best: {Show(best)}; seed: {Show(seed)}";

        Assert.True(best["f1"] >= 0.80, report);
        Assert.True(best["si_sdr.mean"] >= 0.5, report);
        Assert.True(best["f3"] >= 0.78, report);
        Assert.True(best["f1"] - seed["f1"] >= 0.15, report);
        Assert.True(best["si_sdr.mean"] - seed["si_sdr.mean"] >= 4.0, report);
        Assert.True(best["f3"] - seed["f3"] >= 0.10, report);
    }

    private static void Render(string kind, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Build().Parse(["datasets", "render", "--kind", kind, "--seed", "11", .. args])
            .Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        Assert.True(code == 0, $"render {kind}: {stderr}{stdout}");
    }

    /// <summary>`nmfgrid run benchmarks/CONFIG -m` in a child process (NMFGRID_DATA is the child's own), in the test's folder.</summary>
    private async Task<string> Run(string config, string data)
    {
        var start = new ProcessStartInfo("dotnet",
            ["exec", BuiltNmfgrid.Dll, "run", Path.Combine(ShippedBenchmarks.Folder(), config), "-m"])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NMFGRID_DATA"] = data;
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        await child.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        Assert.True(child.ExitCode == 0, $"{config}: exit {child.ExitCode}\n{await stderr}\n{output}");
        var report = output.Split('\n').Single(line => line.StartsWith("Report: ", StringComparison.Ordinal));
        return Path.Combine(report["Report: ".Length..report.IndexOf(" (", StringComparison.Ordinal)], "results.json");
    }

    /// <summary>The mean of each task's headline metric over its tracks (results.json): f1, si_sdr.mean, f3.</summary>
    private static Dictionary<string, double> Headlines(string resultsJson)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(resultsJson));
        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.All(rows, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
        return new[] { "f1", "si_sdr.mean", "f3" }.ToDictionary(
            metric => metric,
            metric => rows.Select(r => r.GetProperty("metrics"))
                .Where(m => m.TryGetProperty(metric, out _))
                .Select(m => m.GetProperty(metric).GetDouble()).Average());
    }

    private static string Show(Dictionary<string, double> headlines) =>
        string.Join(", ", headlines.Select(h => $"{h.Key} {h.Value:F3}"));
}
