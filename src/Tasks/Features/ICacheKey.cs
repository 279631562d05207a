namespace NmfGrid.Tasks.Features;

/// <summary>
/// What names an entry of the on-disk <see cref="FeatureCache"/>: everything the cached matrix depends on, written
/// as one canonical string (its SHA-256 is the entry's name and is checked on every read). Features, learned
/// dictionaries and other stage outputs are cached under keys of their own kind.
/// </summary>
public interface ICacheKey
{
    /// <summary>A short prefix for the file name (the feature kind, "dictionary", …).</summary>
    string Kind { get; }

    string CanonicalString { get; }

    string Hash { get; }
}
