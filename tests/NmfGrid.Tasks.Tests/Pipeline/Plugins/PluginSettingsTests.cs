using System.Runtime.Loader;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Tests.Pipeline.Plugins;

/// <summary>
/// Issue 13 §2: `algorithm.assembly` loads a .NET plugin and `algorithm.name` picks one of its algorithms; every fault
/// is a <see cref="ConfigKeyException"/> from <see cref="NmfSettings.From"/> (the sweep's config check, before any
/// job), naming the key and the value. The plugins are compiled by the test against the host's NmfGrid.Compute.
/// </summary>
public sealed class PluginSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nmfgrid-plugin-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ConfigSection Section(params (string Key, object? Value)[] entries) =>
        new("algorithm", entries.ToDictionary(e => e.Key, e => e.Value));

    private string Plugin(string name, string source) => PluginCompiler.Build(_folder, name, source);

    private string TwoAlgorithms() => Plugin("TwoModels",
        PluginCompiler.Algorithm("First", "first") + PluginCompiler.Algorithm("Second", "second") + """
        public sealed class Weighted : NmfGrid.Compute.Algorithms.INmfAlgorithm
        {
            public string Name => "weighted";
            public string Description => "a model with its own setting";
            public System.Collections.Generic.IReadOnlyList<NmfGrid.Compute.Algorithms.ModelParameter> Parameters =>
                [new("lam", 1.0, "a weight", Minimum: 0)];
            public void CheckOptions(NmfGrid.Compute.Algorithms.NmfOptions options) { }
            public NmfGrid.Compute.Algorithms.NmfResult<T> Run<T>(MathNet.Numerics.LinearAlgebra.Matrix<T> v,
                MathNet.Numerics.LinearAlgebra.Matrix<T> w0, MathNet.Numerics.LinearAlgebra.Matrix<T> h0,
                NmfGrid.Compute.Algorithms.NmfOptions options, NmfGrid.Compute.LinearAlgebra.IBlas blas,
                System.Threading.CancellationToken cancellation = default)
                where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => throw new System.NotImplementedException();
        }
        public abstract class NotAnAlgorithm { }
        """);

    [Fact]
    public void The_name_selects_one_of_the_plugins_algorithms_which_runs_as_the_hosts_INmfAlgorithm()
    {
        var path = TwoAlgorithms();
        // A build that copied its references next to the plugin: the host's copies must still win.
        foreach (var shared in new[] { typeof(INmfAlgorithm).Assembly, typeof(Matrix<>).Assembly })
            File.Copy(shared.Location, Path.Combine(_folder, Path.GetFileName(shared.Location)));
        // Relative to the working directory, like every other path in a config.
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);

        var settings = NmfSettings.From(Section(("assembly", relative), ("name", "SECOND"), ("rank", 2L)), seed: 0);
        var again = NmfSettings.From(Section(("assembly", path), ("name", "second")), seed: 0);

        Assert.Equal("second", settings.Algorithm);
        Assert.Equal("Second", settings.Solver.GetType().Name);
        Assert.Same(settings.Solver, again.Solver);
        Assert.Equal(new[] { "first", "second", "weighted" }, settings.Plugin!.Algorithms.Keys.Order());
        var context = AssemblyLoadContext.GetLoadContext(settings.Solver.GetType().Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.Same(typeof(INmfAlgorithm).Assembly, context.Assemblies.Concat(AssemblyLoadContext.Default.Assemblies)
            .First(a => a.GetName().Name == "NmfGrid.Compute"));
        var v = Matrix<double>.Build.Dense(6, 5, (i, j) => 1.0 + i + j);
        var result = Factorization.Run(v, settings.Solver, settings.Initialisation, settings.Options, new ManagedBlas());
        Assert.Equal(7, result.Iterations);
    }

    [Fact]
    public void A_plugins_own_settings_are_keys_of_the_algorithm_section_checked_against_its_range()
    {
        var path = TwoAlgorithms();

        var settings = NmfSettings.From(Section(("assembly", path), ("name", "weighted"), ("lam", 0.25)), seed: 0);
        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", path), ("name", "weighted"), ("lam", -1.0)), seed: 0));
        var unknown = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", path), ("name", "first"), ("lam", 1.0)), seed: 0));

        Assert.Equal(0.25, settings.Options.Parameters["lam"]);
        Assert.Equal("algorithm.lam", error.Key);
        Assert.Equal("algorithm.lam", unknown.Key);
    }

    [Fact]
    public void Without_a_name_a_plugin_with_one_algorithm_runs_that_one_and_one_with_several_lists_them()
    {
        var single = Plugin("OneModel", PluginCompiler.Algorithm("Only", "only"));
        var several = TwoAlgorithms();

        var settings = NmfSettings.From(Section(("assembly", single)), seed: 0);
        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", several)), seed: 0));

        Assert.Equal("only", settings.Algorithm);
        Assert.Equal("algorithm.name", error.Key);
        Assert.Contains("first, second, weighted", error.Message);
    }

    [Fact]
    public void A_missing_file_names_the_key_the_path_and_where_it_was_looked_for()
    {
        var missing = Path.Combine(_folder, "NoSuch.dll");

        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", missing)), seed: 0));

        Assert.Equal("algorithm.assembly", error.Key);
        Assert.Contains($"no file '{missing}'", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_dotnet_assembly_is_named()
    {
        var path = Path.Combine(_folder, "Notes.dll");
        File.WriteAllText(path, "not an assembly");

        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", path)), seed: 0));

        Assert.Equal("algorithm.assembly", error.Key);
        Assert.Contains($"'{path}' is not a .NET assembly", error.Message);
    }

    [Fact]
    public void An_assembly_without_an_algorithm_says_what_it_looked_for()
    {
        var path = Plugin("Helpers", """
            public sealed class Spectra { public double Sum(double[] x) => System.Linq.Enumerable.Sum(x); }
            """);

        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", path)), seed: 0));

        Assert.Equal("algorithm.assembly", error.Key);
        Assert.Contains("Helpers.dll has no algorithm", error.Message);
        Assert.Contains("NmfGrid.Compute.Algorithms.INmfAlgorithm", error.Message);
    }

    [Fact]
    public void A_name_the_plugin_lacks_lists_the_names_it_has()
    {
        var path = TwoAlgorithms();

        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", path), ("name", "third")), seed: 0));

        Assert.Equal("algorithm.name", error.Key);
        Assert.Equal("algorithm.name: 'third' is not in TwoModels.dll, which has: first, second, weighted", error.Message);
    }

    [Theory]
    [InlineData("mu")]
    [InlineData("HALS")]
    [InlineData("external")]
    public void A_plugin_algorithm_named_like_a_built_in_is_refused(string name)
    {
        var path = Plugin("Clash", PluginCompiler.Algorithm("MyMu", name) + PluginCompiler.Algorithm("Other", "other"));

        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", path), ("name", "other")), seed: 0));

        Assert.Equal("algorithm.assembly", error.Key);
        Assert.Contains($"MyMu is named '{name}'", error.Message);
    }

    [Fact]
    public void A_constructor_that_throws_is_named_with_its_message()
    {
        var path = Plugin("Fragile", PluginCompiler.Algorithm("Fragile", "fragile", "throw new System.InvalidOperationException(\"no GPU here\");"));

        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("assembly", path)), seed: 0));

        Assert.Equal("algorithm.assembly", error.Key);
        Assert.Contains("new Fragile() threw InvalidOperationException: no GPU here", error.Message);
    }

    [Fact]
    public void An_assembly_and_an_external_command_together_are_refused()
    {
        var path = TwoAlgorithms();

        var error = Assert.Throws<ConfigKeyException>(() =>
            NmfSettings.From(Section(("assembly", path), ("name", "external"), ("command", "python3 m.py")), seed: 0));

        Assert.Equal("algorithm.assembly", error.Key);
    }

    [Fact]
    public void Cached_factors_of_a_plugin_key_on_the_assemblys_content_and_an_unknown_name_mentions_plugins()
    {
        var input = new PlainInput(Matrix<double>.Build.Dense(3, 4, 1.0));
        string Key(string path) => FactorArtifact.Key(input, NmfSettings.From(Section(("assembly", path), ("name", "only")), seed: 1), tensor: false).CanonicalString;
        var path = Plugin("Rebuilt", PluginCompiler.Algorithm("Only", "only"));
        var first = Key(path);
        Assert.Equal(first, Key(path));

        // The same file rebuilt with other code: another digest, another key (and a fresh load).
        File.Delete(path);
        Plugin("Rebuilt", PluginCompiler.Algorithm("Only", "only", "System.Console.Write(\"\");"));

        Assert.NotEqual(first, Key(path));
        Assert.Contains("or a plugin's with 'assembly'", Assert.Throws<ConfigKeyException>(
            () => NmfSettings.From(Section(("name", "my_nmf")), seed: 0)).Message);
    }

    private sealed record PlainInput(Matrix<double> V) : TaskInput(V);
}
