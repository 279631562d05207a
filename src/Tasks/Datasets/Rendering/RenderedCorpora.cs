namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>Rendered corpus writers by kind, one beside each dataset loader.</summary>
public static class RenderedCorpora
{
    private static readonly Dictionary<string, IRenderedCorpus> Corpora = new(StringComparer.OrdinalIgnoreCase);

    static RenderedCorpora()
    {
        Register(new MapsRender());
        Register(new MusdbRender());
        Register(new BeatlesRender());
        Register(new RwcPopularRender());
        Register(new SalamiRender());
    }

    public static IReadOnlyCollection<string> Kinds => Corpora.Keys.Order(StringComparer.Ordinal).ToArray();

    public static void Register(IRenderedCorpus corpus) => Corpora[corpus.Kind] = corpus;

    public static IRenderedCorpus Get(string kind) =>
        Corpora.TryGetValue(kind, out var corpus)
            ? corpus
            : throw new ArgumentException($"Unknown rendered corpus kind '{kind}'. Known: {string.Join(", ", Kinds)}.", nameof(kind));

    /// <summary>Checks the options, the program and the SoundFont before anything is written.</summary>
    public static PieceRenderer Renderer(RenderOptions options)
    {
        options.Check();
        var soundFont = options.SoundFont ?? SoundFont.Default();
        SoundFont.Check(soundFont);
        var synth = new FluidSynth(options.FluidSynthProgram);
        synth.Locate();
        return new PieceRenderer(synth, soundFont);
    }

    /// <summary>A name usable as a file or folder name (no path separators, dots or control characters).</summary>
    public static string FileSafe(string name) =>
        new(name.Select(c => c is '/' or '\\' or '.' or ':' || char.IsControl(c) ? '-' : c).ToArray());
}
