using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Datasets;

/// <summary>Datasets by name, as configs and `nmfgrid datasets check` select them. A new dataset is one file plus one line here.</summary>
public static class DatasetRegistry
{
    private static readonly Dictionary<string, Func<string, ConfigSection, IDataset>> Datasets = new(StringComparer.OrdinalIgnoreCase);

    static DatasetRegistry()
    {
        Register("maps", root => new MapsDataset(root));
        Register("musdb18", (root, options) => new MusdbDataset(root, MusdbFormat.Stems, Musdb18.SubsetsOption(options)));
        Register("musdb18hq", (root, options) => new MusdbDataset(root, MusdbFormat.Wav, Musdb18.SubsetsOption(options)));
        Register("rwcpop", root => new RwcPopularDataset(root));
        Register("salami", root => new SalamiDataset(root));
        Register("beatles", root => new BeatlesDataset(root));
    }

    public static IReadOnlyCollection<string> Names => Datasets.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Registers (or replaces) a dataset: a factory from the dataset's root folder, with default options.</summary>
    public static void Register(string name, Func<string, IDataset> open) => Datasets[name] = (root, _) => open(root);

    /// <summary>Registers (or replaces) a dataset whose factory also reads options from the config's `dataset:` section
    /// (e.g. MUSDB18's `subsets`).</summary>
    public static void Register(string name, Func<string, ConfigSection, IDataset> open) => Datasets[name] = open;

    /// <summary>Opens a dataset by name, with the options of its config section if given. Nothing is read until
    /// tracks or validation are asked for.</summary>
    public static IDataset Open(string name, string root, ConfigSection? options = null) =>
        Datasets.TryGetValue(name, out var open)
            ? open(root, options ?? ConfigSection.Empty("dataset"))
            : throw new ArgumentException($"Unknown dataset '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
