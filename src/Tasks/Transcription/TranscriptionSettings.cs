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

/// <summary>
/// The `task:` section of the transcription task. `preset: seed` reproduces nmf_audio_benchmark as it runs (its
/// transcription_config.yaml, quirks included); `preset: nmfgrid` (the default) fixes what is wrong. Any explicit
/// key overrides the preset. docs/tasks/transcription.md lists every difference and why.
/// </summary>
public sealed record TranscriptionSettings
{
    public const string SeedPreset = "seed";
    public const string NmfGridPreset = "nmfgrid";

    private static readonly string[] Known =
    [
        "name", "preset", "sample_rate", "n_fft", "hop_length", "template_pitch", "pitch_min", "pitch_max",
        "salience", "threshold", "threshold_scale", "min_duration", "merge_gap", "smoothing_window", "normalise_h", "adaptive_threshold", "adaptive_window",
        "onset_refinement", "frame_time", "close_at_end", "onset_tolerance", "pitch_units", "channels",
    ];

    public string Preset { get; init; } = NmfGridPreset;

    /// <summary>channels: multichannel keeps every channel: V is the sum of the channels' |STFT| and the task also prepares the
    /// channel × frequency × time tensor for the tensor models (cp_hals, cp_mu; Marmoret, Bertin &amp; Cohen 2019). mono (default) downmixes first.</summary>
    public bool Multichannel { get; init; }

    public int SampleRate { get; init; } = 44100;

    /// <summary>3528 samples (80 ms at 44.1 kHz): the seed's MAPS setting, after Marmoret et al. 2019.</summary>
    public int NFft { get; init; } = 3528;

    public int HopLength { get; init; } = 882;

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
    public static TranscriptionSettings From(TaskSettings section)
    {
        section.RejectUnknown(Known);
        var preset = section.GetChoice("preset", NmfGridPreset, NmfGridPreset, SeedPreset);
        var d = preset == SeedPreset ? Seed : NmfGrid;
        var rule = section.GetChoice("template_pitch", d.TemplatePitch.ToString().ToLowerInvariant(), "auto", "autocorrelation", "harmonic");
        var settings = new TranscriptionSettings
        {
            Preset = preset,
            SampleRate = section.GetInt("sample_rate", d.SampleRate),
            NFft = section.GetInt("n_fft", d.NFft),
            HopLength = section.GetInt("hop_length", d.HopLength),
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
        return settings;
    }

    private void Check(TaskSettings section)
    {
        Positive(section, "sample_rate", SampleRate);
        if (NFft < 4) throw new TaskSettingsException(section.Key("n_fft"), $"must be at least 4, got {NFft}");
        Positive(section, "hop_length", HopLength);
        if (!(PitchMin > 0)) throw new TaskSettingsException(section.Key("pitch_min"), $"must be positive, got {PitchMin}");
        if (!(PitchMax > PitchMin))
            throw new TaskSettingsException(section.Key("pitch_max"), $"must exceed pitch_min ({PitchMin}), got {PitchMax}");
        if (!(Salience is >= 0 and <= 1))
            throw new TaskSettingsException(section.Key("salience"), $"must be in [0, 1] (a normalised autocorrelation), got {Salience}");
        if (!(Threshold >= 0)) throw new TaskSettingsException(section.Key("threshold"), $"must not be negative, got {Threshold}");
        if (!(MinDuration >= 0)) throw new TaskSettingsException(section.Key("min_duration"), $"must not be negative, got {MinDuration}");
        if (!(MergeGap >= 0)) throw new TaskSettingsException(section.Key("merge_gap"), $"must not be negative, got {MergeGap}");
        Positive(section, "smoothing_window", SmoothingWindow);
        Positive(section, "adaptive_window", AdaptiveWindow);
        if (!(OnsetTolerance >= 0))
            throw new TaskSettingsException(section.Key("onset_tolerance"), $"must not be negative, got {OnsetTolerance}");
    }

    private static void Positive(TaskSettings section, string key, int value)
    {
        if (value <= 0) throw new TaskSettingsException(section.Key(key), $"must be positive, got {value}");
    }
}
