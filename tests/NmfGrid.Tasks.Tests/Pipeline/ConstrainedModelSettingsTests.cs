using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Tests.Pipeline;

public class ConstrainedModelSettingsTests
{
    private static ConfigSection Section(params (string Key, object? Value)[] entries) =>
        new("algorithm", entries.ToDictionary(e => e.Key, e => e.Value));

    [Fact]
    public void An_algorithm_section_passes_sparse_mu_its_sparsity()
    {
        var settings = NmfSettings.From(Section(("name", "sparse_mu"), ("beta", 1.0), ("sparsity", 0.25)), seed: 0);

        Assert.Equal("sparse_mu", settings.Algorithm);
        Assert.Equal(0.25, settings.Options.Parameters["sparsity"]);
    }

    [Fact]
    public void An_algorithm_section_passes_minvol_its_lambda_and_delta()
    {
        var settings = NmfSettings.From(Section(("name", "minvol"), ("beta", 1.0), ("lambda", 0.1), ("delta", 1L)), seed: 0);

        Assert.Equal(0.1, settings.Options.Parameters["lambda"]);
        Assert.Equal(1.0, settings.Options.Parameters["delta"]);
    }

    [Theory]
    [InlineData("sparse_mu", "sparsity", -1.0)]
    [InlineData("minvol", "lambda", 0.0)]
    [InlineData("minvol", "delta", -0.5)]
    public void A_bad_model_parameter_in_a_config_names_its_key(string algorithm, string key, double value)
    {
        var error = Assert.Throws<ConfigKeyException>(
            () => NmfSettings.From(Section(("name", algorithm), ("beta", 1.0), (key, value)), seed: 0));

        Assert.StartsWith($"algorithm.{key}:", error.Message);
    }

    [Fact]
    public void Minvol_at_an_unsupported_beta_is_refused_in_the_config()
    {
        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("name", "minvol"), ("beta", 0.5)), seed: 0));

        Assert.Contains("β = 0.5", error.Message);
    }

    [Fact]
    public void A_model_parameter_of_another_model_is_an_unknown_setting()
    {
        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(Section(("name", "mu"), ("sparsity", 0.1)), seed: 0));

        Assert.StartsWith("algorithm.sparsity:", error.Message);
    }
}
