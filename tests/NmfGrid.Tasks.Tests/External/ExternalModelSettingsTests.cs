using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.External;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Tests.External;

/// <summary>`algorithm: {name: external, command, workdir, env, params, timeout_seconds}` read from a config, and what cached factors key on.</summary>
public sealed class ExternalModelSettingsTests
{
    private static ConfigSection Section(params (string Key, object? Value)[] entries) =>
        new("algorithm", entries.ToDictionary(e => e.Key, e => e.Value));

    private static IReadOnlyDictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    [Fact]
    public void An_external_section_carries_its_command_folder_environment_params_and_the_common_options()
    {
        var settings = NmfSettings.From(Section(
            ("name", "external"), ("command", "python3 'models/my nmf.py' --fast"), ("workdir", "/srv/models"),
            ("env", Map(("OMP_NUM_THREADS", 1L))), ("params", Map(("lam", 0.1), ("weight", 2.0), ("solver", "mu"), ("layers", new List<object?> { 1L, 2L }))),
            ("timeout_seconds", 30L), ("rank", 4L), ("beta", 1.0), ("init", "nndsvd")), seed: 9);

        Assert.Equal("external", settings.Algorithm);
        Assert.Equal("nndsvd", settings.Initialisation);
        Assert.Equal((4, 1.0, 9), (settings.Options.Rank, settings.Options.Beta, settings.Options.Seed));
        var model = settings.External!;
        Assert.Equal(["python3", "models/my nmf.py", "--fast"], model.Arguments);
        Assert.Equal("/srv/models", model.Folder);
        Assert.Equal("1", model.Environment["OMP_NUM_THREADS"]);
        // JSON numbers: a whole one may arrive as an integer (jobs carry their config as canonical JSON, 2.0 as 2).
        Assert.Equal("""{"lam":0.1,"weight":2,"solver":"mu","layers":[1,2]}""", model.ParametersJson);
        Assert.Equal(TimeSpan.FromSeconds(30), model.Timeout);
        Assert.IsType<ExternalAlgorithm>(settings.Solver);
    }

    [Fact]
    public void An_external_algorithm_without_a_command_is_refused_naming_the_key()
    {
        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("name", "external")), seed: 0));

        Assert.StartsWith("algorithm.command:", error.Message);
    }

    [Fact]
    public void A_model_parameter_may_not_shadow_a_job_setting()
    {
        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(
            ("name", "external"), ("command", "python3 m.py"), ("params", Map(("beta", 1.0)))), seed: 0));

        Assert.StartsWith("algorithm.params.beta:", error.Message);
    }

    [Fact]
    public void External_keys_are_unknown_to_a_built_in_algorithm_and_unknown_names_list_external()
    {
        Assert.StartsWith("algorithm.command:", Assert.Throws<ConfigKeyException>(
            () => NmfSettings.From(Section(("name", "mu"), ("command", "python3 m.py")), seed: 0)).Message);
        Assert.Contains("'external' with a command", Assert.Throws<ConfigKeyException>(
            () => NmfSettings.From(Section(("name", "my_nmf")), seed: 0)).Message);
    }

    [Fact]
    public void Cached_factors_of_an_external_model_key_on_its_params_and_on_its_scripts_content()
    {
        var folder = Directory.CreateTempSubdirectory("nmfgrid-external-key-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "model.py"), "# version 1\n");
            NmfSettings Settings(double lam) => NmfSettings.From(Section(
                ("name", "external"), ("command", "python3 model.py"), ("workdir", folder), ("params", Map(("lam", lam)))), seed: 1);
            var input = new PlainInput(Matrix<double>.Build.Dense(3, 4, 1.0));
            string Key(double lam) => FactorArtifact.Key(input, Settings(lam), tensor: false).CanonicalString;

            var first = Key(0.1);
            Assert.Equal(first, Key(0.1));
            Assert.NotEqual(first, Key(0.2));
            File.WriteAllText(Path.Combine(folder, "model.py"), "# version 2\n");
            Assert.NotEqual(first, Key(0.1));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record PlainInput(Matrix<double> V) : TaskInput(V);
}
