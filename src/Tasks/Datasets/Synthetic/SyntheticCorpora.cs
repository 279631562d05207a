namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>
/// The synthetic generators by kind: a view of <see cref="DatasetRegistry"/>, where each is registered with the dataset
/// whose loader reads it (a kind is that dataset's name).
/// </summary>
public static class SyntheticCorpora
{
    public static IReadOnlyCollection<string> Kinds => DatasetRegistry.SyntheticNames;

    public static ISyntheticCorpus Get(string kind) =>
        (DatasetRegistry.Names.Contains(kind, StringComparer.OrdinalIgnoreCase) ? DatasetRegistry.Synthetic(kind) : null)
        ?? throw new ArgumentException($"Unknown synthetic corpus kind '{kind}'. Known: {string.Join(", ", Kinds)}.", nameof(kind));
}
