using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Tasks.External;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// The `algorithm:` section of a config: which solver, which initialisation, and its options. `name: external` runs a
/// model outside NmfGrid (<see cref="External"/>: its command, folder, environment and `params`).
/// </summary>
public sealed record NmfSettings(string Algorithm, string Initialisation, NmfOptions Options)
{
    /// <summary>The external model, when <see cref="Algorithm"/> is "external"; null for a built-in solver.</summary>
    public ExternalModel? External { get; init; }

    /// <summary>The solver that runs: the registered one of that name, or the external model.</summary>
    public INmfAlgorithm Solver => External is { } model ? new ExternalAlgorithm(model) : AlgorithmRegistry.Get(Algorithm);

    private static readonly string[] Known =
        ["name", "init", "rank", "beta", "max_iter", "tol", "stopping", "alpha_w", "alpha_h", "l1_ratio", "fixed_templates"];

    /// <summary>Reads and checks the section; errors name the key ("algorithm.rank: expected an integer").</summary>
    public static NmfSettings From(TaskSettings section, int seed)
    {
        var algorithm = section.GetString("name", "mu");
        var initialisation = section.GetString("init", "nndsvda");
        var external = string.Equals(algorithm, ExternalAlgorithm.AlgorithmName, StringComparison.OrdinalIgnoreCase);
        if (!external && !AlgorithmRegistry.Names.Contains(algorithm, StringComparer.OrdinalIgnoreCase))
        {
            throw new TaskSettingsException(section.Key("name"),
                $"Unknown NMF algorithm '{algorithm}'. Known: {string.Join(", ", AlgorithmRegistry.Names)}; or '{ExternalAlgorithm.AlgorithmName}' with a command (docs/extending.md).");
        }
        // A model's own parameters are settings of its section too (algorithm.sparsity: 0.1); an external model's are under params.
        var parameters = external ? [] : AlgorithmRegistry.Get(algorithm).Parameters;
        section.RejectUnknown(Known.Concat(parameters.Select(p => p.Name)).Concat(external ? ExternalModel.Keys : []));
        var model = external ? ExternalModel.From(section) : null;
        var values = parameters.Where(p => section.Has(p.Name)).ToDictionary(p => p.Name, p => section.GetDouble(p.Name, p.Default));
        Check(section, "init", () => InitialisationRegistry.Get(initialisation));
        var options = new NmfOptions
        {
            Rank = section.GetInt("rank", 10),
            Beta = section.GetDouble("beta", 2.0),
            MaxIterations = section.GetInt("max_iter", 200),
            Tolerance = section.GetDouble("tol", 1e-4),
            Stopping = section.GetChoice("stopping", "sklearn", "sklearn", "nnfac") == "nnfac" ? StoppingRule.NnFac : StoppingRule.ScikitLearn,
            AlphaW = section.GetDouble("alpha_w", 0.0),
            AlphaH = section.GetDouble("alpha_h", section.GetDouble("alpha_w", 0.0)),
            L1Ratio = section.GetDouble("l1_ratio", 0.0),
            Parameters = values,
            Seed = seed,
        };
        if (options.Rank <= 0)
        {
            throw new TaskSettingsException(section.Key("rank"), $"must be positive, got {options.Rank}");
        }
        if (options.MaxIterations <= 0)
        {
            throw new TaskSettingsException(section.Key("max_iter"), $"must be positive, got {options.MaxIterations}");
        }
        if (options.Tolerance < 0)
        {
            throw new TaskSettingsException(section.Key("tol"), $"must not be negative, got {options.Tolerance}");
        }
        foreach (var parameter in parameters)
        {
            Check(section, parameter.Name, () => parameter.ValueIn(options));
        }
        var settings = new NmfSettings(external ? ExternalAlgorithm.AlgorithmName : algorithm, initialisation, options) { External = model };
        Check(section, "name", () => settings.Solver.CheckOptions(options));
        return settings;
    }

    private static void Check(TaskSettings section, string key, Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            throw new TaskSettingsException(section.Key(key), e.Message);
        }
    }
}
