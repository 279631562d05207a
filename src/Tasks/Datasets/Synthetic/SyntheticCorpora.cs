namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>Synthetic corpus generators by kind, one beside each dataset loader.</summary>
public static class SyntheticCorpora
{
    private static readonly Dictionary<string, ISyntheticCorpus> Corpora = new(StringComparer.OrdinalIgnoreCase);

    static SyntheticCorpora()
    {
        Register(new MapsSynth());
        Register(new MusdbSynth());
        Register(new RwcPopularSynth());
        Register(new SalamiSynth());
        Register(new BeatlesSynth());
    }

    public static IReadOnlyCollection<string> Kinds => Corpora.Keys.Order(StringComparer.Ordinal).ToArray();

    public static void Register(ISyntheticCorpus corpus) => Corpora[corpus.Kind] = corpus;

    public static ISyntheticCorpus Get(string kind) =>
        Corpora.TryGetValue(kind, out var corpus)
            ? corpus
            : throw new ArgumentException($"Unknown synthetic corpus kind '{kind}'. Known: {string.Join(", ", Kinds)}.", nameof(kind));
}
