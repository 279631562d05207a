using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Tasks.External;
using NmfGrid.Tasks.Plugins;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// The `algorithm:` section of a config: which solver, which initialisation, and its options. `name: external` runs a
/// model outside NmfGrid (<see cref="External"/>: its command, folder, environment and `params`); `assembly:` names a
/// .NET plugin whose algorithms `name` selects from (<see cref="Plugin"/>).
/// </summary>
public sealed record NmfSettings(string Algorithm, string Initialisation, NmfOptions Options)
{
    /// <summary>The external model, when <see cref="Algorithm"/> is "external"; null for a built-in solver.</summary>
    public ExternalModel? External { get; init; }

    /// <summary>The plugin assembly <see cref="Algorithm"/> comes from (`algorithm.assembly`); null for a built-in or external model.</summary>
    public PluginAssembly? Plugin { get; init; }

    /// <summary>The solver that runs: the external model, the plugin's algorithm of that name, or the registered one.</summary>
    public INmfAlgorithm Solver =>
        External is { } model ? new ExternalAlgorithm(model)
        : Plugin is { } plugin ? plugin.Get(Algorithm)
        : AlgorithmRegistry.Get(Algorithm);

    private static readonly string[] Known =
        ["name", "assembly", "init", "rank", "beta", "max_iter", "tol", "stopping", "alpha_w", "alpha_h", "l1_ratio", "fixed_templates"];

    // What a section without the key gets (scikit-learn's NMF defaults, with NNDSVDa and K = 10).
    private const string DefaultInit = "nndsvda";
    private const int DefaultRank = 10;
    private const double DefaultBeta = 2.0;
    private const int DefaultMaxIterations = 200;
    private const double DefaultTolerance = 1e-4;

    /// <summary>
    /// The section a registered algorithm's name stands for when no preset file names it (`algorithm=hals` with no
    /// benchmarks/algorithm/hals.yaml): its name, the shared settings at the defaults <see cref="From"/> reads, and its
    /// own <see cref="ModelParameter"/>s at theirs, so each is a key to override (`algorithm.rank=4`). Null for a name
    /// that is not registered.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, object>>? DefaultSection(string algorithm)
    {
        if (!AlgorithmRegistry.Names.Contains(algorithm, StringComparer.Ordinal))
            return null;
        IEnumerable<KeyValuePair<string, object>> Own() => AlgorithmRegistry.Get(algorithm).Parameters.Select(p =>
            KeyValuePair.Create(p.Name, p.WholeNumber && p.Default == Math.Floor(p.Default) ? (object)(long)p.Default : p.Default));
        return
        [
            KeyValuePair.Create<string, object>("name", algorithm),
            KeyValuePair.Create<string, object>("init", DefaultInit),
            KeyValuePair.Create<string, object>("rank", (long)DefaultRank),
            KeyValuePair.Create<string, object>("beta", DefaultBeta),
            KeyValuePair.Create<string, object>("max_iter", (long)DefaultMaxIterations),
            KeyValuePair.Create<string, object>("tol", DefaultTolerance),
            .. Own(),
        ];
    }

    /// <summary>The names <see cref="DefaultSection"/> answers for: every registered algorithm.</summary>
    public static IReadOnlyCollection<string> RegisteredAlgorithms => AlgorithmRegistry.Names;

    /// <summary>Reads and checks the section; errors name the key ("algorithm.rank: expected an integer").</summary>
    public static NmfSettings From(ConfigSection section, int seed)
    {
        var plugin = section.Has("assembly") ? LoadPlugin(section) : null;
        var algorithm = plugin is null ? section.GetString("name", "mu") : PluginAlgorithm(section, plugin);
        var initialisation = section.GetString("init", DefaultInit);
        var external = plugin is null && string.Equals(algorithm, ExternalAlgorithm.AlgorithmName, StringComparison.OrdinalIgnoreCase);
        if (plugin is null && !external && !AlgorithmRegistry.Names.Contains(algorithm, StringComparer.OrdinalIgnoreCase))
        {
            throw new ConfigKeyException(section.Key("name"),
                $"Unknown NMF algorithm '{algorithm}'. Known: {string.Join(", ", AlgorithmRegistry.Names)}; or '{ExternalAlgorithm.AlgorithmName}' with a command, or a plugin's with 'assembly' (docs/extending.md).");
        }
        // A model's own parameters are settings of its section too (algorithm.sparsity: 0.1); an external model's are under params.
        var parameters = external ? [] : plugin?.Get(algorithm).Parameters ?? AlgorithmRegistry.Get(algorithm).Parameters;
        section.RejectUnknown(Known.Concat(parameters.Select(p => p.Name)).Concat(external ? ExternalModel.Keys : []));
        var model = external ? ExternalModel.From(section) : null;
        var values = parameters.Where(p => section.Has(p.Name)).ToDictionary(p => p.Name, p => section.GetDouble(p.Name, p.Default));
        Check(section, "init", () => InitialisationRegistry.Get(initialisation));
        var options = new NmfOptions
        {
            Rank = section.GetInt("rank", DefaultRank),
            Beta = section.GetDouble("beta", DefaultBeta),
            MaxIterations = section.GetInt("max_iter", DefaultMaxIterations),
            Tolerance = section.GetDouble("tol", DefaultTolerance),
            Stopping = section.GetChoice("stopping", "sklearn", "sklearn", "nnfac") == "nnfac" ? StoppingRule.NnFac : StoppingRule.ScikitLearn,
            AlphaW = section.GetDouble("alpha_w", 0.0),
            AlphaH = section.GetDouble("alpha_h", section.GetDouble("alpha_w", 0.0)),
            L1Ratio = section.GetDouble("l1_ratio", 0.0),
            Parameters = values,
            Seed = seed,
        };
        if (options.Rank <= 0)
        {
            throw new ConfigKeyException(section.Key("rank"), $"must be positive, got {options.Rank}");
        }
        if (options.MaxIterations <= 0)
        {
            throw new ConfigKeyException(section.Key("max_iter"), $"must be positive, got {options.MaxIterations}");
        }
        if (options.Tolerance < 0)
        {
            throw new ConfigKeyException(section.Key("tol"), $"must not be negative, got {options.Tolerance}");
        }
        foreach (var parameter in parameters)
        {
            Check(section, parameter.Name, () => parameter.ValueIn(options));
        }
        var settings = new NmfSettings(external ? ExternalAlgorithm.AlgorithmName : algorithm, initialisation, options) { External = model, Plugin = plugin };
        Check(section, "name", () => settings.Solver.CheckOptions(options));
        return settings;
    }

    /// <summary>The plugin `algorithm.assembly` names, loaded now so that its faults stop the sweep before any job.</summary>
    private static PluginAssembly LoadPlugin(ConfigSection section)
    {
        var path = section.GetString("assembly", "");
        if (string.Equals(section.GetString("name", ""), ExternalAlgorithm.AlgorithmName, StringComparison.OrdinalIgnoreCase))
            throw new ConfigKeyException(section.Key("assembly"), $"an external model is a command, not an assembly: set either 'name: {ExternalAlgorithm.AlgorithmName}' with 'command' or 'assembly'");
        if (path.Trim().Length == 0)
            throw new ConfigKeyException(section.Key("assembly"), "expected the path of a .NET plugin assembly (.dll), got an empty value");
        PluginAssembly plugin;
        try
        {
            plugin = PluginAssembly.Load(path);
        }
        catch (ArgumentException e)
        {
            throw new ConfigKeyException(section.Key("assembly"), e.Message);
        }
        if (plugin.Algorithms.TryGetValue(ExternalAlgorithm.AlgorithmName, out var taken))
            throw new ConfigKeyException(section.Key("assembly"), $"{plugin.FileName}: {taken.GetType().FullName} is named '{taken.Name}', which selects external models; give it another Name");
        return plugin;
    }

    /// <summary>The plugin's algorithm `algorithm.name` selects, in its own spelling; without a name, the plugin's only one.</summary>
    private static string PluginAlgorithm(ConfigSection section, PluginAssembly plugin)
    {
        if (!section.Has("name") && plugin.Algorithms.Count == 1)
            return plugin.Algorithms.Values.Single().Name;
        if (!section.Has("name"))
            throw new ConfigKeyException(section.Key("name"), $"{plugin.FileName} has several algorithms; name one: {string.Join(", ", plugin.Algorithms.Keys.Order(StringComparer.Ordinal))}");
        var name = section.GetString("name", "");
        try
        {
            return plugin.Get(name).Name;
        }
        catch (ArgumentException e)
        {
            throw new ConfigKeyException(section.Key("name"), e.Message);
        }
    }

    private static void Check(ConfigSection section, string key, Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            throw new ConfigKeyException(section.Key(key), e.Message);
        }
    }
}
