namespace NmfGrid.Tasks.Features;

/// <summary>The time-frequency representations a benchmark can factorise, named as the seed's configs name them.</summary>
public enum FeatureKind
{
    /// <summary>"stft": |STFT| (power 1).</summary>
    Stft,

    /// <summary>"stft_complex": the complex STFT (its magnitude is factorised, its phase kept for resynthesis).</summary>
    StftComplex,

    /// <summary>"mel": mel power spectrogram.</summary>
    Mel,

    /// <summary>"log_mel": power_to_db(mel) (ref 1, amin 1e-10, top_db 80).</summary>
    LogMel,

    /// <summary>"nn_log_mel": power_to_db(mel + 1), non-negative.</summary>
    NnLogMel,

    /// <summary>"padded_log_mel": log_mel − min(log_mel).</summary>
    PaddedLogMel,

    /// <summary>"minmax_log_mel": padded_log_mel / max(padded_log_mel).</summary>
    MinmaxLogMel,

    /// <summary>"cqt": constant-Q magnitude (84 bins from C1, 12 per octave).</summary>
    Cqt,

    /// <summary>"chroma": chroma_stft (12 classes); the seed's "pcp" (chroma_cens) is not implemented.</summary>
    Chroma,

    /// <summary>"mfcc": MFCCs of the log-power mel spectrogram.</summary>
    Mfcc,
}
