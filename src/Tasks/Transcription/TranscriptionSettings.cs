using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Transcription;

/// <summary>How a template's pitch is found: the seed's autocorrelation, the harmonic templates' known keys, or auto.</summary>
public enum TemplatePitchRule
{
    /// <summary>Known keys when W still has the harmonic templates' shape (88 columns on their combs), else autocorrelation.</summary>
    Auto,
    Autocorrelation,
    Harmonic,
}

/// <summary>Where the templates come from: the algorithm's own (harmonic initialisation, learned on the track) or learned from isolated notes.</summary>
public enum TranscriptionMethod
{
    /// <summary>Unsupervised: W from the algorithm's initialisation (harmonic templates by default), updated on the track.</summary>
    Harmonic,

    /// <summary>A per-pitch dictionary learned from MAPS ISOL/NO isolated notes, fixed; only H is estimated.</summary>
    Supervised,
}

/// <summary>How notes are read from the activations.</summary>
public enum NoteDetection
{
    /// <summary>The seed's thresholding of H (<see cref="ActivationNotes"/>).</summary>
    Threshold,

    /// <summary>Peak picking on each pitch's activation novelty (<see cref="OnsetNotes"/>).</summary>
    Onset,
}

/// <summary>
/// The `task:` section of the transcription task. `preset: seed` reproduces nmf_audio_benchmark as it runs (its
/// transcription_config.yaml, quirks included); `preset: nmfgrid` (the default) fixes what is wrong. Any explicit
/// key overrides the preset. docs/tasks/transcription.md lists every difference and why.
/// </summary>
public sealed record TranscriptionSettings : ITaskSettings
{
    /// <summary>The section these settings were read from (<see cref="ITaskSettings"/>).</summary>
    public ConfigSection Section { get; init; } = ConfigSection.Empty("task");

    public const string SeedPreset = "seed";
    public const string NmfGridPreset = "nmfgrid";

    private static readonly string[] Known =
    [
        "name", "preset", "sample_rate", "n_fft", "hop_length", "template_pitch", "pitch_min", "pitch_max",
        "salience", "threshold", "threshold_scale", "min_duration", "merge_gap", "smoothing_window", "normalise_h", "adaptive_threshold", "adaptive_window",
        "onset_refinement", "frame_time", "close_at_end", "onset_tolerance", "pitch_units", "channels",
        "max_frequency", "method", "detection", "templates_per_pitch", "training_seconds", "attack_seconds",
        "onset_threshold", "onset_compression", "onset_smoothing", "onset_wait", "onset_shift", "peak_threshold", "offset_fraction",
    ];

    public string Preset { get; init; } = NmfGridPreset;

    /// <summary>method: harmonic (default; unsupervised) or supervised (dictionary learned from isolated notes).</summary>
    public TranscriptionMethod Method { get; init; } = TranscriptionMethod.Harmonic;

    /// <summary>detection: threshold (default for harmonic) or onset (default for supervised).</summary>
    public NoteDetection Detection { get; init; } = NoteDetection.Threshold;

    /// <summary>Supervised: 1 template per pitch (the whole note), or 2 (attack, then the rest of the note).</summary>
    public int TemplatesPerPitch { get; init; } = 1;

    /// <summary>Supervised: seconds of each isolated note, from its onset, that its template is learned from.</summary>
    public double TrainingSeconds { get; init; } = 1.0;

    /// <summary>Supervised with 2 templates per pitch: the attack template's seconds from the onset.</summary>
    public double AttackSeconds { get; init; } = 0.1;

    /// <summary>Onset detection: a peak of the novelty (rise of the compressed activation, 0–1 scale) must reach this.</summary>
    public double OnsetThreshold { get; init; } = 0.1;

    /// <summary>Onset detection: γ of the compression log(1 + γ·a/max)/log(1 + γ) (0: linear a/max).</summary>
    public double OnsetCompression { get; init; } = 10;

    /// <summary>Onset detection: frames of the centred moving average applied to each activation first (1: none).</summary>
    public int OnsetSmoothing { get; init; } = 2;

    /// <summary>Onset detection: seconds after an onset during which the same pitch cannot start again.</summary>
    public double OnsetWait { get; init; } = 0.1;

    /// <summary>Onset detection: seconds added to every detected onset and offset (the frames' analysis delay).</summary>
    public double OnsetShift { get; init; } = -0.02;

    /// <summary>Onset detection: the activation must reach this fraction of the piece's largest activation after an onset.</summary>
    public double PeakThreshold { get; init; } = 0.15;

    /// <summary>Onset detection: a note ends where its activation falls under this fraction of its peak.</summary>
    public double OffsetFraction { get; init; } = 0.1;

    /// <summary>channels: multichannel keeps every channel: V is the sum of the channels' |STFT| and the task also prepares the
    /// channel × frequency × time tensor for the tensor models (cp_hals, cp_mu; Marmoret, Bertin &amp; Cohen 2019). mono (default) downmixes first.</summary>
    public bool Multichannel { get; init; }

    public int SampleRate { get; init; } = 44100;

    /// <summary>3528 samples (80 ms at 44.1 kHz): the seed's MAPS setting, after Marmoret et al. 2019.</summary>
    public int NFft { get; init; } = 3528;

    public int HopLength { get; init; } = 882;

    /// <summary>max_frequency: V keeps the STFT bins at or below this many Hz (null: all, up to sr/2). Piano partials above
    /// ~5 kHz carry little energy, and the factorisation's cost is proportional to the number of bins.</summary>
    public double? MaxFrequency { get; init; }

    /// <summary>Rows of V: the bins 0 … ⌊max_frequency·n_fft/sr⌋, or all n_fft/2 + 1.</summary>
    public int Bins => MaxFrequency is { } max ? Math.Min(NFft / 2 + 1, (int)Math.Floor(max * NFft / SampleRate) + 1) : NFft / 2 + 1;

    public TemplatePitchRule TemplatePitch { get; init; } = TemplatePitchRule.Auto;

    /// <summary>W_to_notes' range in Hz: autocorrelation pitches outside it are refused.</summary>
    public double PitchMin { get; init; } = 50;

    public double PitchMax { get; init; } = 5000;

    /// <summary>Smallest normalised autocorrelation peak accepted as a pitch (salience_shift_autocorrelation).</summary>
    public double Salience { get; init; } = 0.3;

    /// <summary>Detection threshold, relative to ‖H‖_F when <see cref="NormaliseH"/>.</summary>
    public double Threshold { get; init; } = 0.02;

    /// <summary>Fixed threshold: frames t…t+n−1 must also average above it (spurious peaks).</summary>
    public int SmoothingWindow { get; init; } = 5;

    public bool NormaliseH { get; init; } = true;

    /// <summary>Scale the threshold by max(H) instead of the seed's ‖H‖_F (which grows with the rank and the length).</summary>
    public bool ThresholdOfMax { get; init; }

    /// <summary>Notes shorter than this (seconds) are dropped after merging; the seed keeps all (0).</summary>
    public double MinDuration { get; init; } = 0.1;

    /// <summary>Same-pitch notes at most this far apart (seconds) are merged; the seed merges only overlaps (0).</summary>
    public double MergeGap { get; init; } = 0.08;

    /// <summary>Threshold + the row's mean over frames t−w…t+w−1 instead of the fixed rule.</summary>
    public bool AdaptiveThreshold { get; init; }

    public int AdaptiveWindow { get; init; } = 10;

    /// <summary>Move each onset back to the first of frames t−2…t above a tenth of the threshold.</summary>
    public bool OnsetRefinement { get; init; } = true;

    /// <summary>true: frame t is at t·hop/sr, the centre of a centred STFT frame; false: the seed's (t·hop + n_fft/2)/sr.</summary>
    public bool FrameCentreTimes { get; init; } = true;

    /// <summary>Close a note still sounding at the last frame there (the seed drops it).</summary>
    public bool CloseAtEnd { get; init; } = true;

    /// <summary>Onset tolerance of note matching, seconds.</summary>
    public double OnsetTolerance { get; init; } = 0.05;

    /// <summary>true: pitches in Hz with mir_eval's 50 cents; false: the seed's MIDI numbers passed as Hz with 0.1 cent.</summary>
    public bool PitchInHz { get; init; } = true;

    public FeatureParameters Features => new()
    {
        Kind = FeatureKind.Stft,
        SampleRate = SampleRate,
        NFft = NFft,
        HopLength = HopLength,
    };

    /// <summary>Seconds of frame t.</summary>
    public double FrameTime(int t) =>
        FrameCentreTimes ? (double)t * HopLength / SampleRate : ((double)t * HopLength + NFft / 2) / SampleRate;

    /// <summary>The seed preset's values, nmf_audio_benchmark's transcription_config.yaml and transcription.py.</summary>
    public static TranscriptionSettings Seed { get; } = new()
    {
        Preset = SeedPreset,
        Threshold = 0.01,
        MinDuration = 0,
        MergeGap = 0,
        AdaptiveThreshold = true,
        TemplatePitch = TemplatePitchRule.Autocorrelation,
        FrameCentreTimes = false,
        CloseAtEnd = false,
        OnsetTolerance = 0.1,
        PitchInHz = false,
    };

    public static TranscriptionSettings NmfGrid { get; } = new();

    /// <summary>Reads and checks the section: the preset first, then each explicit key over it.</summary>
    public static TranscriptionSettings From(ConfigSection section)
    {
        section.RejectUnknown(Known);
        var preset = section.GetChoice("preset", NmfGridPreset, NmfGridPreset, SeedPreset);
        var d = preset == SeedPreset ? Seed : NmfGrid;
        var method = section.GetChoice("method", "harmonic", "harmonic", "supervised") == "supervised"
            ? TranscriptionMethod.Supervised : TranscriptionMethod.Harmonic;
        if (method == TranscriptionMethod.Supervised) d = SupervisedDefaults(d);
        var rule = section.GetChoice("template_pitch", d.TemplatePitch.ToString().ToLowerInvariant(), "auto", "autocorrelation", "harmonic");
        var settings = new TranscriptionSettings
        {
            Preset = preset,
            Method = method,
            Detection = section.GetChoice("detection", d.Detection == NoteDetection.Onset ? "onset" : "threshold", "threshold", "onset") == "onset"
                ? NoteDetection.Onset : NoteDetection.Threshold,
            TemplatesPerPitch = section.GetInt("templates_per_pitch", d.TemplatesPerPitch),
            TrainingSeconds = section.GetDouble("training_seconds", d.TrainingSeconds),
            AttackSeconds = section.GetDouble("attack_seconds", d.AttackSeconds),
            OnsetThreshold = section.GetDouble("onset_threshold", d.OnsetThreshold),
            OnsetCompression = section.GetDouble("onset_compression", d.OnsetCompression),
            OnsetSmoothing = section.GetInt("onset_smoothing", d.OnsetSmoothing),
            OnsetWait = section.GetDouble("onset_wait", d.OnsetWait),
            OnsetShift = section.GetDouble("onset_shift", d.OnsetShift),
            PeakThreshold = section.GetDouble("peak_threshold", d.PeakThreshold),
            OffsetFraction = section.GetDouble("offset_fraction", d.OffsetFraction),
            SampleRate = section.GetInt("sample_rate", d.SampleRate),
            NFft = section.GetInt("n_fft", d.NFft),
            HopLength = section.GetInt("hop_length", d.HopLength),
            MaxFrequency = section.Has("max_frequency") ? section.GetDouble("max_frequency", 0) : d.MaxFrequency,
            TemplatePitch = Enum.Parse<TemplatePitchRule>(rule, ignoreCase: true),
            PitchMin = section.GetDouble("pitch_min", d.PitchMin),
            PitchMax = section.GetDouble("pitch_max", d.PitchMax),
            Salience = section.GetDouble("salience", d.Salience),
            Threshold = section.GetDouble("threshold", d.Threshold),
            SmoothingWindow = section.GetInt("smoothing_window", d.SmoothingWindow),
            NormaliseH = section.GetBool("normalise_h", d.NormaliseH),
            ThresholdOfMax = section.GetChoice("threshold_scale", d.ThresholdOfMax ? "max" : "frobenius", "frobenius", "max") == "max",
            MinDuration = section.GetDouble("min_duration", d.MinDuration),
            MergeGap = section.GetDouble("merge_gap", d.MergeGap),
            AdaptiveThreshold = section.GetBool("adaptive_threshold", d.AdaptiveThreshold),
            AdaptiveWindow = section.GetInt("adaptive_window", d.AdaptiveWindow),
            OnsetRefinement = section.GetBool("onset_refinement", d.OnsetRefinement),
            FrameCentreTimes = section.GetChoice("frame_time", d.FrameCentreTimes ? "centre" : "seed", "centre", "seed") == "centre",
            CloseAtEnd = section.GetBool("close_at_end", d.CloseAtEnd),
            OnsetTolerance = section.GetDouble("onset_tolerance", d.OnsetTolerance),
            PitchInHz = section.GetChoice("pitch_units", d.PitchInHz ? "hz" : "midi", "hz", "midi") == "hz",
            Multichannel = section.GetChoice("channels", d.Multichannel ? "multichannel" : "mono", "mono", "multichannel") == "multichannel",
        };
        settings.Check(section);
        return settings with { Section = section };
    }

    /// <summary>What method: supervised changes in the preset's defaults (values tuned on the rendered dev split).</summary>
    private static TranscriptionSettings SupervisedDefaults(TranscriptionSettings d) => d with
    {
        Detection = NoteDetection.Onset,
        MinDuration = 0.05,
        MaxFrequency = 5000,
    };

    private void Check(ConfigSection section)
    {
        if (Method == TranscriptionMethod.Supervised && Multichannel)
            throw new ConfigKeyException(section.Key("channels"), "method supervised learns mono templates; use channels: mono");
        if (TemplatesPerPitch is not (1 or 2))
            throw new ConfigKeyException(section.Key("templates_per_pitch"), $"must be 1 or 2 (attack + sustain), got {TemplatesPerPitch}");
        if (!(TrainingSeconds > 0)) throw new ConfigKeyException(section.Key("training_seconds"), $"must be positive, got {TrainingSeconds}");
        if (!(AttackSeconds > 0 && AttackSeconds < TrainingSeconds))
            throw new ConfigKeyException(section.Key("attack_seconds"), $"must be positive and under training_seconds ({TrainingSeconds}), got {AttackSeconds}");
        if (!(OnsetThreshold >= 0)) throw new ConfigKeyException(section.Key("onset_threshold"), $"must not be negative, got {OnsetThreshold}");
        if (!(OnsetCompression >= 0)) throw new ConfigKeyException(section.Key("onset_compression"), $"must not be negative, got {OnsetCompression}");
        Positive(section, "onset_smoothing", OnsetSmoothing);
        if (!(OnsetWait >= 0)) throw new ConfigKeyException(section.Key("onset_wait"), $"must not be negative, got {OnsetWait}");
        if (!double.IsFinite(OnsetShift)) throw new ConfigKeyException(section.Key("onset_shift"), $"must be a finite number of seconds, got {OnsetShift}");
        if (!(PeakThreshold is >= 0 and <= 1))
            throw new ConfigKeyException(section.Key("peak_threshold"), $"must be in [0, 1] (a fraction of the largest activation), got {PeakThreshold}");
        if (!(OffsetFraction is >= 0 and < 1))
            throw new ConfigKeyException(section.Key("offset_fraction"), $"must be in [0, 1) (a fraction of the note's peak), got {OffsetFraction}");
        Positive(section, "sample_rate", SampleRate);
        if (NFft < 4) throw new ConfigKeyException(section.Key("n_fft"), $"must be at least 4, got {NFft}");
        Positive(section, "hop_length", HopLength);
        if (MaxFrequency is { } maxFrequency && !(maxFrequency > 0))
            throw new ConfigKeyException(section.Key("max_frequency"), $"must be a positive frequency in Hz, got {maxFrequency}");
        if (MaxFrequency is not null && Multichannel)
            throw new ConfigKeyException(section.Key("max_frequency"), "applies to mono V only; leave it out with channels: multichannel");
        if (!(PitchMin > 0)) throw new ConfigKeyException(section.Key("pitch_min"), $"must be positive, got {PitchMin}");
        if (!(PitchMax > PitchMin))
            throw new ConfigKeyException(section.Key("pitch_max"), $"must exceed pitch_min ({PitchMin}), got {PitchMax}");
        if (!(Salience is >= 0 and <= 1))
            throw new ConfigKeyException(section.Key("salience"), $"must be in [0, 1] (a normalised autocorrelation), got {Salience}");
        if (!(Threshold >= 0)) throw new ConfigKeyException(section.Key("threshold"), $"must not be negative, got {Threshold}");
        if (!(MinDuration >= 0)) throw new ConfigKeyException(section.Key("min_duration"), $"must not be negative, got {MinDuration}");
        if (!(MergeGap >= 0)) throw new ConfigKeyException(section.Key("merge_gap"), $"must not be negative, got {MergeGap}");
        Positive(section, "smoothing_window", SmoothingWindow);
        Positive(section, "adaptive_window", AdaptiveWindow);
        if (!(OnsetTolerance >= 0))
            throw new ConfigKeyException(section.Key("onset_tolerance"), $"must not be negative, got {OnsetTolerance}");
    }

    private static void Positive(ConfigSection section, string key, int value)
    {
        if (value <= 0) throw new ConfigKeyException(section.Key(key), $"must be positive, got {value}");
    }
}
