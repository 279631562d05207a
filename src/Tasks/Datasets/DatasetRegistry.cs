using System.Collections.Concurrent;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Datasets;

/// <summary>
/// Datasets by name, as configs, `nmfgrid datasets` and every dataset test theory enumerate them. A dataset is one file
/// (its loader and, where it has one, its synthetic generator) plus one line here; a test or a host may add its own
/// through <see cref="Register(string, Func{string, IDataset}, ISyntheticCorpus?)"/>.
/// </summary>
public static class DatasetRegistry
{
    private sealed record Entry(Func<string, ConfigSection, IDataset> Open, ISyntheticCorpus? Synthetic);

    // Concurrent: a host or a test may register while workers open datasets on other threads.
    private static readonly ConcurrentDictionary<string, Entry> Datasets = new(StringComparer.OrdinalIgnoreCase);

    static DatasetRegistry()
    {
        Register("maps", root => new MapsDataset(root), new MapsSynth());
        Register("musdb18", (root, options) => new MusdbDataset(root, MusdbFormat.Stems, Musdb18.SubsetsOption(options)));
        Register("musdb18hq", (root, options) => new MusdbDataset(root, MusdbFormat.Wav, Musdb18.SubsetsOption(options)), new MusdbSynth());
        Register("rwcpop", root => new RwcPopularDataset(root), new RwcPopularSynth());
        Register("salami", root => new SalamiDataset(root), new SalamiSynth());
        Register("beatles", root => new BeatlesDataset(root), new BeatlesSynth());
    }

    /// <summary>Every registered name, sorted.</summary>
    public static IReadOnlyCollection<string> Names => Datasets.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The names of the datasets that have a synthetic generator, sorted.</summary>
    public static IReadOnlyCollection<string> SyntheticNames =>
        Datasets.Where(d => d.Value.Synthetic is not null).Select(d => d.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Registers (or replaces) a dataset: a factory from the dataset's root folder, and its synthetic
    /// generator if it has one (which must write the layout this dataset reads).</summary>
    public static void Register(string name, Func<string, IDataset> open, ISyntheticCorpus? synthetic = null) =>
        Register(name, (root, _) => open(root), synthetic);

    /// <summary>Registers (or replaces) a dataset whose factory also reads options from the config's `dataset:` section
    /// (e.g. MUSDB18's `subsets`).</summary>
    public static void Register(string name, Func<string, ConfigSection, IDataset> open, ISyntheticCorpus? synthetic = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"A dataset name must be one word, got '{name}'.", nameof(name));
        ArgumentNullException.ThrowIfNull(open);
        if (synthetic is not null && !string.Equals(synthetic.Dataset, name, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The synthetic generator registered with dataset '{name}' says it writes '{synthetic.Dataset}'.", nameof(synthetic));
        Datasets[name] = new Entry(open, synthetic);
    }

    /// <summary>Opens a dataset by name, with the options of its config section if given. Nothing is read until
    /// tracks or validation are asked for.</summary>
    public static IDataset Open(string name, string root, ConfigSection? options = null) =>
        Find(name).Open(root, options ?? ConfigSection.Empty("dataset"));

    /// <summary>The synthetic generator of a dataset, or null when it has none.</summary>
    public static ISyntheticCorpus? Synthetic(string name) => Find(name).Synthetic;

    private static Entry Find(string name) =>
        Datasets.TryGetValue(name, out var entry)
            ? entry
            : throw new ArgumentException($"Unknown dataset '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
