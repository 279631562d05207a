using System.Diagnostics;
using System.Globalization;
using NmfGrid.Coordinator.Commands;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>
/// Issue 13 §3: the plugin template (templates/nmf-plugin), copied out of the repository and built with `dotnet build`
/// against this build's NmfGrid.Compute, runs in a sweep selected by `algorithm.assembly` and `algorithm.name`. Its
/// plain β-MU and the built-in mu, from the same start with tol 0, give the same rows.
/// </summary>
public sealed class PluginSweepTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-plugin-sweep-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Copies the template and builds MyModels.dll the way its README says; returns the dll's path.</summary>
    private string BuildTemplate()
    {
        var template = Path.Combine(AppContext.BaseDirectory, "templates", "nmf-plugin");
        var copy = Path.Combine(_root, "my-models");
        foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var output = Path.Combine(_root, "plugin-bin");
        // The folder of this test holds nmfgrid's own NmfGrid.Compute.dll and MathNet.Numerics.dll, as an installed nmfgrid does.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            ["build", Path.Combine(copy, "MyModels", "MyModels.csproj"), "-c", "Release", "-o", output, $"-p:NmfGrid={AppContext.BaseDirectory}",
             "-nologo", "-v", "q", "-nodeReuse:false", "-p:UseSharedCompilation=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = copy,
        };
        using var build = Process.Start(start)!;
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        // Only a guard against a hung build; the test does not depend on how long it takes.
        if (!build.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            build.Kill(entireProcessTree: true);
            Assert.Fail("dotnet build of the template did not finish in 15 minutes");
        }
        Assert.True(build.ExitCode == 0, $"dotnet build of the template failed:\n{stdout.Result}\n{stderr.Result}");
        var dll = Path.Combine(output, "MyModels.dll");
        Assert.True(File.Exists(dll), stdout.Result);
        // Built against nmfgrid's copies without taking them along: the host supplies them at load time.
        Assert.False(File.Exists(Path.Combine(output, "NmfGrid.Compute.dll")));
        return dll;
    }

    [Fact]
    public async Task The_template_plugin_built_from_a_copy_runs_in_a_sweep_and_matches_the_built_in_mu()
    {
        var dll = BuildTemplate();
        TinyBenchmark.Write(_root, "nmfgrid.db", tracks: 2, maxIter: 20);
        TinyBenchmark.WriteFile(_root, "algorithm/plugin.yaml",
            $"assembly: {dll}\nname: plain_beta_mu\ninit: nndsvda\nrank: 4\nbeta: 1.0\nmax_iter: 20\ntol: 0.0\n");
        var config = TinyBenchmark.WriteFile(_root, "bench.yaml", $"""
            defaults:
              - algorithm: mu
              - task: reconstruction
              - dataset: tiny
            seed: 3
            run:
              workers: 2
              max_attempts: 1
              blas: managed
              output_dir: {_root}/outputs
              cache_dir: {_root}/outputs/cache
              database: {_root}/outputs/nmfgrid.db
            sweep:
              params:
                algorithm: mu,plugin
            """);

        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await RunCommand.Run(config, [], multirun: true, planOnly: false, output, error, CancellationToken.None);

        Assert.True(code == 0, error.ToString() + output);
        var lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single());
        var header = lines[0].Split(',');
        var rows = lines[1..].Select(line => header.Zip(line.Split(',')).ToDictionary(c => c.Item1, c => c.Item2)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.True(r["status"] == "succeeded", string.Join(", ", r.Select(p => $"{p.Key}={p.Value}"))));
        foreach (var track in rows.GroupBy(r => r["track"]))
        {
            // No built-in is called plain_beta_mu: a succeeded row of that name ran the plugin's class.
            var (builtIn, plugin) = (track.Single(r => r["algorithm.name"] == "mu"), track.Single(r => r["algorithm.name"] == "plain_beta_mu"));
            Assert.Equal("20", plugin["iterations"]);
            Assert.Equal(builtIn["iterations"], plugin["iterations"]);
            foreach (var column in new[] { "final_loss", "relative_error" }.Where(header.Contains))
            {
                var (a, b) = (double.Parse(builtIn[column], CultureInfo.InvariantCulture), double.Parse(plugin[column], CultureInfo.InvariantCulture));
                Assert.True(Math.Abs(a - b) <= 1e-9 * Math.Abs(a), $"{track.Key}: {column} {a} vs {b}");
            }
        }
        Assert.Contains("final_loss", header);
    }

    [Fact]
    public async Task A_missing_plugin_stops_the_sweep_at_its_config_check_naming_the_key_before_any_job()
    {
        var missing = Path.Combine(_root, "nowhere", "MyModels.dll");
        var config = TinyBenchmark.Write(_root, "nmfgrid.db", tracks: 1);
        TinyBenchmark.WriteFile(_root, "algorithm/mu.yaml", $"assembly: {missing}\nname: plain_beta_mu\nrank: 4\n");

        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await RunCommand.Run(config, [], multirun: true, planOnly: false, output, error, CancellationToken.None);

        Assert.NotEqual(0, code);
        Assert.Contains($"algorithm.assembly: no file '{missing}'", error.ToString());
        Assert.False(File.Exists(Path.Combine(_root, "nmfgrid.db")), "a job database was created");
    }
}
