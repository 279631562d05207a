using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Tests.Audio;

namespace NmfGrid.Tasks.Tests.Features;

public sealed class FeatureParametersTests
{
    [Fact]
    public void Stable_hash_is_the_sha256_of_the_canonical_string()
    {
        var p = new FeatureParameters { Kind = FeatureKind.Stft, NFft = 3528, HopLength = 882 };

        Assert.Equal(
            "kind=stft;sr=44100;n_fft=3528;hop=882;n_mels=80;fmin=0;fmax=none;mel_grill=true;pad=constant;n_mfcc=20;n_chroma=12;cqt_bins=84;cqt_bpo=12;cqt_fmin=32.70319566257483",
            p.CanonicalString);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(p.CanonicalString))),
            p.StableHash);
        Assert.Equal(64, p.StableHash.Length);
    }

    [Fact]
    public void Equal_parameters_hash_equal_and_any_field_change_changes_the_hash()
    {
        var p = new FeatureParameters { Kind = FeatureKind.NnLogMel, HopLength = 32 };

        Assert.Equal(p.StableHash, (p with { }).StableHash);
        Assert.NotEqual(p.StableHash, (p with { HopLength = 96 }).StableHash);
        Assert.NotEqual(p.StableHash, (p with { MelGrill = false }).StableHash);
        Assert.NotEqual(p.StableHash, (p with { FMax = 8000 }).StableHash);
        Assert.NotEqual(p.StableHash, (p with { PadMode = PadMode.Reflect }).StableHash);
    }

    [Theory]
    [InlineData("stft", FeatureKind.Stft)]
    [InlineData("STFT_Complex", FeatureKind.StftComplex)]
    [InlineData("nn_log_mel", FeatureKind.NnLogMel)]
    [InlineData("minmax_log_mel", FeatureKind.MinmaxLogMel)]
    [InlineData("cqt", FeatureKind.Cqt)]
    public void Seed_feature_names_parse_and_print_back(string name, FeatureKind kind)
    {
        Assert.Equal(kind, FeatureParameters.ParseKind(name));
        Assert.Equal(name.ToLowerInvariant(), new FeatureParameters { Kind = kind }.KindName);
    }

    [Fact]
    public void Unknown_and_unimplemented_feature_names_are_rejected_by_name()
    {
        Assert.Contains("'spectral'", Assert.Throws<ArgumentException>(() => FeatureParameters.ParseKind("spectral")).Message);
        Assert.Contains("chroma_cens", Assert.Throws<NotSupportedException>(() => FeatureParameters.ParseKind("pcp")).Message);
    }

    [Fact]
    public void Invalid_parameters_name_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeatureParameters { Kind = FeatureKind.Stft, HopLength = 0 }.Validate());

        Assert.Contains("HopLength", e.Message);
    }

    [Fact]
    public void Mel_grill_hard_wires_the_seed_mel_settings()
    {
        var grill = new FeatureParameters { Kind = FeatureKind.Mel, NFft = 32, NMels = 128, FMin = 0 };

        Assert.Equal((2048, 80, 80.0, (double?)16000.0), grill.MelSettings);
        Assert.Equal(80, grill.FrequencyDimension);
        Assert.Equal((32, 128, 0.0, (double?)null), (grill with { MelGrill = false }).MelSettings);
    }

    [Theory]
    [InlineData(FeatureKind.Stft, 1025)]
    [InlineData(FeatureKind.StftComplex, 1025)]
    [InlineData(FeatureKind.Mel, 80)]
    [InlineData(FeatureKind.LogMel, 80)]
    [InlineData(FeatureKind.NnLogMel, 80)]
    [InlineData(FeatureKind.PaddedLogMel, 80)]
    [InlineData(FeatureKind.MinmaxLogMel, 80)]
    [InlineData(FeatureKind.Cqt, 84)]
    [InlineData(FeatureKind.Chroma, 12)]
    [InlineData(FeatureKind.Mfcc, 20)]
    public void Every_feature_has_its_frequency_dimension_and_the_stft_frame_count(FeatureKind kind, int rows)
    {
        var p = new FeatureParameters { Kind = kind, HopLength = 1024 };
        var y = Signals.Noise(44100, 11);

        var features = Spectrogram.Compute(y, p);

        Assert.Equal(rows, p.FrequencyDimension);
        Assert.Equal(rows, features.RowCount);
        Assert.Equal(1 + 44100 / 1024, features.ColumnCount);
        Assert.All(features.Enumerate(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Log_mel_variants_relate_as_base_audio_defines_them()
    {
        var y = Signals.Noise(22050, 12);
        var p = new FeatureParameters { Kind = FeatureKind.Mel };

        var mel = Spectrogram.Compute(y, p);
        var logMel = Spectrogram.Compute(y, p with { Kind = FeatureKind.LogMel });
        var nnLogMel = Spectrogram.Compute(y, p with { Kind = FeatureKind.NnLogMel });
        var padded = Spectrogram.Compute(y, p with { Kind = FeatureKind.PaddedLogMel });
        var minmax = Spectrogram.Compute(y, p with { Kind = FeatureKind.MinmaxLogMel });

        Assert.Equal(10 * Math.Log10(mel[30, 5]), logMel[30, 5], 1e-9);
        Assert.Equal(10 * Math.Log10(mel[30, 5] + 1), nnLogMel[30, 5], 1e-9);
        Assert.True(logMel.Enumerate().Min() >= logMel.Enumerate().Max() - 80 - 1e-9);
        Assert.Equal(0, padded.Enumerate().Min(), 1e-12);
        Assert.Equal(1, minmax.Enumerate().Max(), 1e-12);
        Assert.Equal(padded[3, 4] / padded.Enumerate().Max(), minmax[3, 4], 1e-12);
    }

    [Fact]
    public void Stft_complex_gives_magnitude_and_unit_phase_whose_product_is_the_stft()
    {
        var y = Signals.Noise(5000, 13);
        var p = new FeatureParameters { Kind = FeatureKind.StftComplex, NFft = 512, HopLength = 128 };

        var (magnitude, phase) = Spectrogram.ComputeComplex(y, p);
        var stft = Stft.Forward(y, 512, 128);

        for (int t = 0; t < stft.ColumnCount; t += 7)
            for (int f = 0; f < stft.RowCount; f += 13)
            {
                Assert.Equal(1.0, phase[f, t].Magnitude, 1e-12);
                Assert.True((magnitude[f, t] * phase[f, t] - stft[f, t]).Magnitude < 1e-9);
            }
    }
}
