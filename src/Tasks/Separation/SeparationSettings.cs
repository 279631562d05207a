using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Separation;

/// <summary>Which BSS Eval to run besides SI-SDR and SNR.</summary>
public enum BssEvalVersion
{
    None,

    /// <summary>mir_eval bss_eval_sources on the whole excerpt (SDR, SIR, SAR).</summary>
    V3,

    /// <summary>museval v4: global 512-tap filters, 1 s windows, per-stem medians (SDR, ISR, SIR, SAR).</summary>
    V4,
}

/// <summary>How the mixture's NMF components become sources (`task.method`).</summary>
public enum SeparationMethod
{
    /// <summary>Blind: NMF of the mixture alone, components grouped into sources by k-means (the seed's method).</summary>
    Clustering,

    /// <summary>Per-stem dictionaries learned from the train subset, fixed; only the activations are estimated on the mixture.</summary>
    Supervised,

    /// <summary>The supervised dictionaries plus `free_components` templates learned on the track itself.</summary>
    SemiSupervised,
}

/// <summary>
/// The `task:` section of the separation task. <c>preset: seed</c> reproduces nmf_audio_benchmark's mss task as it
/// runs; <c>preset: nmfgrid</c> (default) fixes what is wrong there. Explicit keys override either preset.
/// </summary>
public sealed record SeparationSettings : ITaskSettings
{
    /// <summary>The section these settings were read from (<see cref="ITaskSettings"/>).</summary>
    public ConfigSection Section { get; init; } = ConfigSection.Empty("task");

    public static readonly IReadOnlyList<string> Keys =
    [
        "name", "preset", "sample_rate", "offset", "duration", "n_fft", "hop_length", "n_sources", "clustering",
        "mfcc_sample_rate", "scale_invariant_mfcc", "n_mels", "n_mfcc", "kmeans", "n_init", "kmeans_seed", "stability_seeds", "masking",
        "mask_power", "phase", "griffin_lim_iter", "full_length", "assignment", "silent_stem_db", "bss_eval", "write_audio_to",
        "method", "stem_rank", "stem_beta", "stem_iter", "train_frames", "train_duration", "train_silence_db",
        "free_components", "free_stem",
    ];

    /// <summary>What `free_stem` may name besides a stem: each free template goes to the stem whose dictionary it is closest to.</summary>
    public const string NearestStem = "nearest";

    public required bool SeedPreset { get; init; }
    public int SampleRate { get; init; } = 44100;
    public double Offset { get; init; }

    /// <summary>Seconds from the offset; null reads the whole track. The seed takes the first 30 s.</summary>
    public double? Duration { get; init; } = 30;

    public int NFft { get; init; } = 2048;
    public int HopLength { get; init; } = 512;
    public int Sources { get; init; } = 4;
    public ComponentClusteringKind Clustering { get; init; } = ComponentClusteringKind.Mfcc;

    /// <summary>Rate the template mel filterbank assumes: the seed's librosa call falls back to 22050 Hz.</summary>
    public required int MfccSampleRate { get; init; }

    /// <summary>Templates scaled to peak 1 and c0 dropped before k-means (NmfGrid); the seed clusters raw templates, so loudness dominates.</summary>
    public required bool ScaleInvariantMfcc { get; init; }

    public int Mels { get; init; } = 128;
    public int MfccCount { get; init; } = 20;
    public required int Starts { get; init; }

    /// <summary>Whose k-means: NmfGrid's own (null), or scikit-learn's, drawn as that version draws (the seed preset: ≥ 1.3).</summary>
    public KMeansPlusPlusDraw? ScikitLearnKMeans { get; init; }

    /// <summary>k-means seed; null takes the job's seed.</summary>
    public int? KMeansSeed { get; init; }

    public required int StabilitySeeds { get; init; }
    public required Masking Masking { get; init; }
    public double MaskPower { get; init; } = 1.0;
    public bool GriffinLim { get; init; }
    public int GriffinLimIterations { get; init; } = 32;
    public required bool FullLength { get; init; }
    public required AssignmentKind Assignment { get; init; }

    /// <summary>
    /// A stem whose energy is at most this many dB relative to the mixture's counts as silent and is not scored
    /// (<see cref="SilentStems"/>); null: only all-zero stems, as the seed and museval.
    /// </summary>
    public double? SilentStemDb { get; init; }

    public required BssEvalVersion BssEval { get; init; }
    public string? WriteAudioTo { get; init; }

    public SeparationMethod Method { get; init; } = SeparationMethod.Clustering;

    /// <summary>The per-stem dictionaries' learning settings; null for clustering.</summary>
    public StemDictionarySettings? Dictionary { get; init; }

    /// <summary>Templates learned on the track besides the fixed ones (semi_supervised only).</summary>
    public int FreeComponents { get; init; }

    /// <summary>The stem the free templates' sound goes to, or <see cref="NearestStem"/>.</summary>
    public string FreeStem { get; init; } = NearestStem;

    public static SeparationSettings From(ConfigSection section)
    {
        section.RejectUnknown(Keys);
        bool seed = section.GetChoice("preset", "nmfgrid", "seed", "nmfgrid") == "seed";
        double duration = section.GetDouble("duration", 30);
        var settings = new SeparationSettings
        {
            SeedPreset = seed,
            SampleRate = Positive(section, "sample_rate", section.GetInt("sample_rate", 44100)),
            Offset = section.GetDouble("offset", 0),
            Duration = duration > 0 ? duration : null,
            NFft = Positive(section, "n_fft", section.GetInt("n_fft", 2048)),
            HopLength = Positive(section, "hop_length", section.GetInt("hop_length", 512)),
            Sources = Positive(section, "n_sources", section.GetInt("n_sources", 4)),
            Clustering = section.GetChoice("clustering", "mfcc", "mfcc", "activation") == "mfcc"
                ? ComponentClusteringKind.Mfcc : ComponentClusteringKind.Activation,
            MfccSampleRate = Positive(section, "mfcc_sample_rate",
                section.GetInt("mfcc_sample_rate", seed ? 22050 : section.GetInt("sample_rate", 44100))),
            ScaleInvariantMfcc = section.GetBool("scale_invariant_mfcc", !seed),
            Mels = Positive(section, "n_mels", section.GetInt("n_mels", 128)),
            MfccCount = Positive(section, "n_mfcc", section.GetInt("n_mfcc", 20)),
            Starts = Positive(section, "n_init", section.GetInt("n_init", seed ? 1 : 50)),
            ScikitLearnKMeans = section.GetChoice("kmeans", seed ? "sklearn" : "nmfgrid", "nmfgrid", "sklearn", "sklearn_1.2") switch
            {
                "sklearn" => KMeansPlusPlusDraw.Choice,
                "sklearn_1.2" => KMeansPlusPlusDraw.RandInt,
                _ => null,
            },
            KMeansSeed = section.Has("kmeans_seed") ? section.GetInt("kmeans_seed", 0) : seed ? 0 : null,
            StabilitySeeds = section.GetInt("stability_seeds", seed ? 0 : 8),
            Masking = section.GetChoice("masking", seed ? "none" : "wiener", "none", "wiener") == "wiener" ? Masking.Wiener : Masking.None,
            MaskPower = section.GetDouble("mask_power", 1.0),
            GriffinLim = section.GetChoice("phase", "original", "original", "griffin_lim") == "griffin_lim",
            GriffinLimIterations = section.GetInt("griffin_lim_iter", 32),
            FullLength = section.GetBool("full_length", !seed),
            Assignment = section.GetChoice("assignment", seed ? "argmax" : "optimal", "argmax", "optimal") == "argmax"
                ? AssignmentKind.Argmax : AssignmentKind.Optimal,
            SilentStemDb = SilentThreshold(section, seed ? null : DefaultSilentStemDb),
            BssEval = section.GetChoice("bss_eval", "none", "none", "v3", "v4") switch
            {
                "v3" => BssEvalVersion.V3,
                "v4" => BssEvalVersion.V4,
                _ => BssEvalVersion.None,
            },
            WriteAudioTo = section.Has("write_audio_to") ? section.GetString("write_audio_to", "") : null,
            Method = section.GetChoice("method", "clustering", "clustering", "supervised", "semi_supervised") switch
            {
                "supervised" => SeparationMethod.Supervised,
                "semi_supervised" => SeparationMethod.SemiSupervised,
                _ => SeparationMethod.Clustering,
            },
        };
        if (settings.Method != SeparationMethod.Clustering)
        {
            var stems = SeparationTask.Targets.Select(StemDictionarySettings.Name).ToArray();
            settings = settings with
            {
                Dictionary = StemDictionarySettings.From(section),
                FreeComponents = section.GetInt("free_components", settings.Method == SeparationMethod.SemiSupervised ? 4 : 0),
                FreeStem = section.GetChoice("free_stem", NearestStem, [NearestStem, .. stems]),
            };
            if (settings.Method == SeparationMethod.Supervised && settings.FreeComponents != 0)
                throw new ConfigKeyException(section.Key("free_components"),
                    $"a fully supervised method learns nothing on the track; use method: semi_supervised for {settings.FreeComponents} free components");
            if (settings.Method == SeparationMethod.SemiSupervised && settings.FreeComponents <= 0)
                throw new ConfigKeyException(section.Key("free_components"), $"must be positive with method: semi_supervised, got {settings.FreeComponents}");
            if (section.Has("n_sources") && settings.Sources != stems.Length)
                throw new ConfigKeyException(section.Key("n_sources"),
                    $"the supervised methods separate the {stems.Length} MUSDB stems, got {settings.Sources}");
            settings = settings with { Sources = stems.Length };
        }
        else
        {
            foreach (var key in new[] { "stem_rank", "stem_beta", "stem_iter", "train_frames", "train_duration", "train_silence_db", "free_components", "free_stem" })
                if (section.Has(key))
                    throw new ConfigKeyException(section.Key(key), "only the supervised methods use it (method: supervised | semi_supervised)");
        }
        if (settings.Offset < 0) throw new ConfigKeyException(section.Key("offset"), $"must not be negative, got {settings.Offset}");
        if (settings.NFft % 2 != 0) throw new ConfigKeyException(section.Key("n_fft"), $"must be even, got {settings.NFft}");
        if (settings.HopLength > settings.NFft)
            throw new ConfigKeyException(section.Key("hop_length"), $"{settings.HopLength} exceeds n_fft {settings.NFft}: frames would not overlap");
        if (settings.ScikitLearnKMeans is not null && settings.KMeansSeed is < 0)
            throw new ConfigKeyException(section.Key("kmeans_seed"), $"scikit-learn's k-means takes a numpy seed from 0 to 2^32-1, got {settings.KMeansSeed}");
        if (settings.StabilitySeeds < 0)
            throw new ConfigKeyException(section.Key("stability_seeds"), $"must not be negative, got {settings.StabilitySeeds}");
        if (!(settings.MaskPower > 0) || !double.IsFinite(settings.MaskPower))
            throw new ConfigKeyException(section.Key("mask_power"), $"must be a positive number, got {settings.MaskPower}");
        if (settings.GriffinLimIterations < 0)
            throw new ConfigKeyException(section.Key("griffin_lim_iter"), $"must not be negative, got {settings.GriffinLimIterations}");
        if (settings.MfccCount > settings.Mels)
            throw new ConfigKeyException(section.Key("n_mfcc"), $"{settings.MfccCount} exceeds n_mels {settings.Mels}");
        if (settings.WriteAudioTo is { Length: 0 })
            throw new ConfigKeyException(section.Key("write_audio_to"), "must be a folder path, got an empty string");
        return settings with { Section = section };
    }

    /// <summary>−60 dB: a stem that carries a millionth of the mixture's energy is inaudible in it, yet scores far below any real one.</summary>
    public const double DefaultSilentStemDb = -60;

    /// <summary>`silent_stem_db`: a number of dB (at most 0), or `none` for all-zero stems only.</summary>
    private static double? SilentThreshold(ConfigSection section, double? fallback)
    {
        if (!section.Has("silent_stem_db")) return fallback;
        if (section.Values["silent_stem_db"] is string text)
            return string.Equals(text, "none", StringComparison.OrdinalIgnoreCase) ? null
                : throw new ConfigKeyException(section.Key("silent_stem_db"), $"expected a number of dB or none, got '{text}'");
        double value = section.GetDouble("silent_stem_db", 0);
        return double.IsFinite(value) && value <= 0 ? value
            : throw new ConfigKeyException(section.Key("silent_stem_db"), $"must be a finite number of dB at most 0 (relative to the mixture), got {value}");
    }

    private static int Positive(ConfigSection section, string key, int value) =>
        value > 0 ? value : throw new ConfigKeyException(section.Key(key), $"must be positive, got {value}");
}
