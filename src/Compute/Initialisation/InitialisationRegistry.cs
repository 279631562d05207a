namespace NmfGrid.Compute.Initialisation;

/// <summary>Initialisations by name. A new one is one file plus one line here.</summary>
public static class InitialisationRegistry
{
    private static readonly Dictionary<string, IInitialisation> Initialisations = new(StringComparer.OrdinalIgnoreCase);

    static InitialisationRegistry()
    {
        // Built-in initialisations, one line each.
        Register(new RandomInitialisation());
        Register(new NndsvdInitialisation(NndsvdFill.Zeros));
        Register(new NndsvdInitialisation(NndsvdFill.Mean));
        Register(new NndsvdInitialisation(NndsvdFill.SmallRandom));
        Register(new NnFacNndsvdInitialisation());
        Register(new CustomInitialisation());
        Register(new HarmonicInitialisation());
        Register(new SeedHarmonicInitialisation());
    }

    public static IReadOnlyCollection<string> Names => Initialisations.Keys.Order(StringComparer.Ordinal).ToArray();

    public static void Register(IInitialisation initialisation) => Initialisations[initialisation.Name] = initialisation;

    public static IInitialisation Get(string name) =>
        Initialisations.TryGetValue(name, out var initialisation)
            ? initialisation
            : throw new ArgumentException(
                $"Unknown initialisation '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
