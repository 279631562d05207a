using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NmfGrid.Tasks.Features;

/// <summary>
/// Everything that determines a feature matrix besides the audio. Defaults follow the seed's base_audio
/// FeatureObject as the toolbox builds it (n_fft 2048, fmin 0, mel_grill on, 80 mels). <see cref="StableHash"/>
/// keys the on-disk cache; it is the same on every machine and .NET version.
/// </summary>
public sealed record FeatureParameters
{
    public required FeatureKind Kind { get; init; }

    public int SampleRate { get; init; } = 44100;

    public int NFft { get; init; } = 2048;

    public int HopLength { get; init; } = 512;

    public int NMels { get; init; } = 80;

    public double FMin { get; init; }

    /// <summary>null: sr/2.</summary>
    public double? FMax { get; init; }

    /// <summary>
    /// base_audio's mel_grill=True, the toolbox's setting: mel features use n_fft 2048, 80 mels, fmin 80 Hz and
    /// fmax 16 kHz whatever NFft, NMels, FMin and FMax say (settings of Grill & Schlüter's boundary detector).
    /// </summary>
    public bool MelGrill { get; init; } = true;

    public PadMode PadMode { get; init; } = PadMode.Constant;

    public int NMfcc { get; init; } = 20;

    public int NChroma { get; init; } = 12;

    public int CqtBins { get; init; } = 84;

    public int CqtBinsPerOctave { get; init; } = 12;

    public double CqtFMin { get; init; } = ConstantQ.DefaultFMin;

    /// <summary>The seed's feature names: stft, stft_complex, mel, log_mel, nn_log_mel, padded_log_mel, minmax_log_mel, cqt, chroma, mfcc.</summary>
    public static FeatureKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "stft" => FeatureKind.Stft,
        "stft_complex" => FeatureKind.StftComplex,
        "mel" => FeatureKind.Mel,
        "log_mel" => FeatureKind.LogMel,
        "nn_log_mel" => FeatureKind.NnLogMel,
        "padded_log_mel" => FeatureKind.PaddedLogMel,
        "minmax_log_mel" => FeatureKind.MinmaxLogMel,
        "cqt" => FeatureKind.Cqt,
        "chroma" => FeatureKind.Chroma,
        "mfcc" => FeatureKind.Mfcc,
        "pcp" => throw new NotSupportedException("Feature 'pcp' (librosa chroma_cens) is not implemented; use 'chroma' (chroma_stft)."),
        _ => throw new ArgumentException(
            $"Unknown feature '{name}'. Known: stft, stft_complex, mel, log_mel, nn_log_mel, padded_log_mel, minmax_log_mel, cqt, chroma, mfcc.",
            nameof(name)),
    };

    /// <summary>The seed's name of <see cref="Kind"/>.</summary>
    public string KindName => Kind switch
    {
        FeatureKind.StftComplex => "stft_complex",
        FeatureKind.LogMel => "log_mel",
        FeatureKind.NnLogMel => "nn_log_mel",
        FeatureKind.PaddedLogMel => "padded_log_mel",
        FeatureKind.MinmaxLogMel => "minmax_log_mel",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    public bool IsMel => Kind is FeatureKind.Mel or FeatureKind.LogMel or FeatureKind.NnLogMel
        or FeatureKind.PaddedLogMel or FeatureKind.MinmaxLogMel;

    /// <summary>The mel settings in force: the hard-wired Grill ones when <see cref="MelGrill"/> is on.</summary>
    public (int NFft, int NMels, double FMin, double? FMax) MelSettings =>
        MelGrill ? (2048, 80, 80.0, 16000.0) : (NFft, NMels, FMin, FMax);

    /// <summary>Rows of the feature matrix (base_audio's frequency_dimension).</summary>
    public int FrequencyDimension => Kind switch
    {
        FeatureKind.Stft or FeatureKind.StftComplex => NFft / 2 + 1,
        FeatureKind.Cqt => CqtBins,
        FeatureKind.Chroma => NChroma,
        FeatureKind.Mfcc => NMfcc,
        _ => MelSettings.NMels,
    };

    /// <summary>Every field, invariant culture, round-trip numbers, fixed order: the input of <see cref="StableHash"/>.</summary>
    public string CanonicalString
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            return string.Join(';',
                $"kind={KindName}",
                $"sr={SampleRate.ToString(c)}",
                $"n_fft={NFft.ToString(c)}",
                $"hop={HopLength.ToString(c)}",
                $"n_mels={NMels.ToString(c)}",
                $"fmin={FMin.ToString("R", c)}",
                $"fmax={(FMax is { } f ? f.ToString("R", c) : "none")}",
                $"mel_grill={(MelGrill ? "true" : "false")}",
                $"pad={PadMode.ToString().ToLowerInvariant()}",
                $"n_mfcc={NMfcc.ToString(c)}",
                $"n_chroma={NChroma.ToString(c)}",
                $"cqt_bins={CqtBins.ToString(c)}",
                $"cqt_bpo={CqtBinsPerOctave.ToString(c)}",
                $"cqt_fmin={CqtFMin.ToString("R", c)}");
        }
    }

    /// <summary>SHA-256 of <see cref="CanonicalString"/>, lower-case hex (not GetHashCode, which changes between runs).</summary>
    public string StableHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalString)));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (SampleRate <= 0) throw Invalid(nameof(SampleRate), SampleRate, "must be positive");
        if (NFft < 2) throw Invalid(nameof(NFft), NFft, "must be ≥ 2");
        if (HopLength <= 0) throw Invalid(nameof(HopLength), HopLength, "must be positive");
        if (NMels <= 0) throw Invalid(nameof(NMels), NMels, "must be positive");
        if (FMin < 0) throw Invalid(nameof(FMin), FMin, "must be ≥ 0");
        if (FMax is { } fmax && fmax <= FMin) throw Invalid(nameof(FMax), fmax, "must exceed FMin");
        if (NMfcc <= 0 || NMfcc > MelSettings.NMels) throw Invalid(nameof(NMfcc), NMfcc, "must be in 1…n_mels");
        if (NChroma <= 0) throw Invalid(nameof(NChroma), NChroma, "must be positive");
        if (CqtBins <= 0) throw Invalid(nameof(CqtBins), CqtBins, "must be positive");
        if (CqtBinsPerOctave <= 0) throw Invalid(nameof(CqtBinsPerOctave), CqtBinsPerOctave, "must be positive");
        if (CqtFMin <= 0) throw Invalid(nameof(CqtFMin), CqtFMin, "must be positive");
    }

    private static ArgumentException Invalid(string field, object value, string rule) =>
        new($"Feature parameter {field} = {Convert.ToString(value, CultureInfo.InvariantCulture)} {rule}.", field);
}
