using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Structure;

/// <summary>Which factor, or the raw matrix, describes each bar for the autosimilarity.</summary>
public enum BarRepresentation
{
    /// <summary>The NMF activations of each bar: a column of H (the seed's W, n_bars × rank, since it factorises the transpose).</summary>
    Nmf,

    /// <summary>The barwise TF matrix itself (a baseline without NMF).</summary>
    Barwise,
}

/// <summary>
/// The `task:` section of the structure task, resolved: a preset (seed | nmfgrid) gives the defaults, explicit keys override.
/// See docs/tasks/structure.md for every key and what the presets change.
/// </summary>
public sealed record StructureSettings : ITaskSettings
{
    /// <summary>The section these settings were read from (<see cref="ITaskSettings"/>).</summary>
    public ConfigSection Section { get; init; } = ConfigSection.Empty("task");

    public const string SeedPreset = "seed";
    public const string NmfGridPreset = "nmfgrid";

    private static readonly string[] Known =
    [
        "name", "preset", "feature", "sample_rate", "hop", "n_fft", "subdivision", "representation", "similarity",
        "segmenter", "min_size", "max_size", "penalty_weight", "penalty_func", "bands", "last_bar", "bar_times", "trim", "bar_axis",
        "foote_width", "foote_threshold",
    ];

    public required string Preset { get; init; }
    public required FeatureParameters Features { get; init; }
    public required int Subdivision { get; init; }
    public required BarRepresentation Representation { get; init; }
    public required SimilarityKind Similarity { get; init; }
    public required string Segmenter { get; init; }
    public required CbmOptions Cbm { get; init; }

    /// <summary>true: boundary k is the start of column k of the barwise matrix; false: the seed's bars[k].End indexing.</summary>
    public required bool TimesFromColumns { get; init; }

    public required bool Trim { get; init; }

    /// <summary>
    /// true (seed): NMF factorises the barwise matrix as the seed does, a row per bar (bars × F·subdivision), and W's
    /// rows are the bar features; false (NmfGrid): a column per bar (audio orientation) and H's columns. The two are
    /// transposes, but MU updates W before H, so the iterates (and on some tracks the segmentation) differ.
    /// </summary>
    public bool BarsAsRows { get; init; }
    public required int FooteWidth { get; init; }
    public required double FooteThreshold { get; init; }

    /// <summary>Reads and checks the section; with a <paramref name="track"/>, the settings for that track (<see cref="For"/>).</summary>
    public static StructureSettings From(ConfigSection s, ITrack? track = null)
    {
        var settings = Parse(s);
        return track is null ? settings : settings.For(track);
    }

    /// <summary>
    /// These settings for one track: under the seed preset, a track with <see cref="ISeedFraming"/> gives the default
    /// hop and n_fft, as the seed's loader did (the Beatles'), unless the section sets them.
    /// </summary>
    public StructureSettings For(ITrack track)
    {
        if (Preset != SeedPreset || track is not ISeedFraming framing) return this;
        return this with
        {
            Features = Features with
            {
                HopLength = Section.Has("hop") ? Features.HopLength : framing.SeedHop,
                NFft = Section.Has("n_fft") ? Features.NFft : framing.SeedNFft,
            },
        };
    }

    private static StructureSettings Parse(ConfigSection s)
    {
        s.RejectUnknown(Known);
        var preset = s.GetChoice("preset", NmfGridPreset, SeedPreset, NmfGridPreset);
        var seed = preset == SeedPreset;

        FeatureKind kind;
        var featureName = s.GetString("feature", "nn_log_mel");
        try { kind = FeatureParameters.ParseKind(featureName); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException) { throw new ConfigKeyException(s.Key("feature"), e.Message); }
        var features = new FeatureParameters
        {
            Kind = kind,
            SampleRate = s.GetInt("sample_rate", 44100),
            HopLength = s.GetInt("hop", 32),
            NFft = s.GetInt("n_fft", 2048),
        };
        try { features.Validate(); }
        catch (ArgumentException e) { throw new ConfigKeyException(s.Key(e.ParamName switch { "SampleRate" => "sample_rate", "HopLength" => "hop", "NFft" => "n_fft", _ => "feature" }), e.Message); }

        var similarityName = s.GetString("similarity", "cosine");
        SimilarityKind similarity;
        try { similarity = Autosimilarity.Parse(similarityName); }
        catch (ArgumentException e) { throw new ConfigKeyException(s.Key("similarity"), e.Message); }

        var penalty = s.GetString("penalty_func", "modulo8");
        try { SegmentPenalty.Get(penalty); }
        catch (ArgumentException e) { throw new ConfigKeyException(s.Key("penalty_func"), e.Message); }

        var cbm = new CbmOptions
        {
            MinSize = Positive(s, "min_size", 1),
            MaxSize = Positive(s, "max_size", 32),
            PenaltyWeight = s.GetDouble("penalty_weight", 1),
            PenaltyFunction = penalty,
            Bands = Bands(s),
            IncludeLastBar = s.GetBool("last_bar", !seed),
        };
        if (cbm.MaxSize < cbm.MinSize) throw new ConfigKeyException(s.Key("max_size"), $"must be at least min_size ({cbm.MinSize}), got {cbm.MaxSize}");
        if (cbm.PenaltyWeight < 0) throw new ConfigKeyException(s.Key("penalty_weight"), $"must not be negative, got {cbm.PenaltyWeight}");

        var footeWidth = Positive(s, "foote_width", 8);
        if (footeWidth < 2 || footeWidth % 2 != 0) throw new ConfigKeyException(s.Key("foote_width"), $"must be an even number of bars ≥ 2, got {footeWidth}");
        var footeThreshold = s.GetDouble("foote_threshold", 0.1);
        if (footeThreshold is < 0 or >= 1) throw new ConfigKeyException(s.Key("foote_threshold"), $"must be in [0, 1), got {footeThreshold}");

        return new StructureSettings
        {
            Preset = preset,
            Features = features,
            Subdivision = Positive(s, "subdivision", 96),
            Representation = s.GetChoice("representation", "nmf", "nmf", "barwise") == "nmf" ? BarRepresentation.Nmf : BarRepresentation.Barwise,
            Similarity = similarity,
            Segmenter = s.GetChoice("segmenter", "cbm", "cbm", "foote"),
            Cbm = cbm,
            TimesFromColumns = s.GetChoice("bar_times", seed ? "seed" : "columns", "seed", "columns") == "columns",
            Trim = s.GetBool("trim", !seed),
            BarsAsRows = s.GetChoice("bar_axis", seed ? "rows" : "columns", "rows", "columns") == "rows",
            FooteWidth = footeWidth,
            FooteThreshold = footeThreshold,
            Section = s,
        };
    }

    private static int Positive(ConfigSection s, string key, int fallback)
    {
        var value = s.GetInt(key, fallback);
        return value > 0 ? value : throw new ConfigKeyException(s.Key(key), $"must be positive, got {value}");
    }

    /// <summary>`bands`: a positive integer, or `none`/`full` (or null) for the full kernel.</summary>
    private static int? Bands(ConfigSection s)
    {
        if (!s.Values.TryGetValue("bands", out var v)) return 7;
        if (v is null) return null;
        if (v is string text && (text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("full", StringComparison.OrdinalIgnoreCase))) return null;
        var bands = s.GetInt("bands", 7);
        return bands > 0 ? bands : throw new ConfigKeyException(s.Key("bands"), $"must be a positive number of bars or 'none', got {bands}");
    }
}
