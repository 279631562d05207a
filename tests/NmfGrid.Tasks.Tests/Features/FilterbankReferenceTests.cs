using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Tests.Features;

/// <summary>
/// Filterbank values against an independent numpy re-implementation of librosa 0.11's filters.mel and
/// filters.chroma formulas (whole-array outer differences, np.remainder, np.roll, as librosa formulates them),
/// run once with Debian's python3-numpy; librosa itself is not installable here. Index, wrap-around or roll
/// slips in the C# loops show up as mismatches. Both compute in float64; librosa's mel uses float32
/// (≈1e-7 relative).
/// </summary>
public sealed class FilterbankReferenceTests
{
    [Theory]
    [InlineData(0, 5, 0.013940004223113945)]
    [InlineData(0, 6, 0.020104099200864846)]
    [InlineData(0, 7, 0.009254219457848163)]
    [InlineData(10, 25, 0.00646768324847022)]
    [InlineData(10, 26, 0.017317562991486936)]
    [InlineData(10, 27, 0.016726540432491877)]
    [InlineData(40, 117, 0.006487434307593204)]
    [InlineData(40, 118, 0.008095985173525883)]
    [InlineData(40, 119, 0.007433898340765498)]
    [InlineData(79, 709, 0.0013937475237938068)]
    [InlineData(79, 710, 0.0014099171952066474)]
    [InlineData(79, 711, 0.0013672422821602419)]
    public void Grill_mel_filterbank_matches_the_librosa_port(int band, int bin, double expected)
    {
        // The seed's hard-wired mel settings: sr 44100, n_fft 2048, 80 mels, 80 Hz–16 kHz.
        var fb = MelFilterbank.Create(44100, 2048, 80, 80.0, 16000.0);

        Assert.Equal(expected, fb[band, bin], expected * 1e-12);
    }

    [Theory]
    [InlineData(0, 2, 0.03236570641643987)]
    [InlineData(0, 3, 0.028990088037379968)]
    [InlineData(5, 14, 0.03271332575997967)]
    [InlineData(5, 15, 0.028642468693840167)]
    [InlineData(64, 187, 0.017278832377275902)]
    [InlineData(64, 188, 0.013559959784280751)]
    [InlineData(127, 997, 0.003485250551646776)]
    [InlineData(127, 998, 0.0033867677144890644)]
    public void Default_mel_filterbank_matches_the_librosa_port(int band, int bin, double expected)
    {
        var fb = MelFilterbank.Create(22050, 2048);

        Assert.Equal(expected, fb[band, bin], expected * 1e-12);
    }

    [Theory]
    [InlineData(0, 24, 0.6435079993869496)]
    [InlineData(9, 20, 0.5124093937095444)]
    [InlineData(2, 3, 0.01870059922102303)]
    [InlineData(7, 1024, 9.204890307542433e-06)]
    [InlineData(5, 37, 2.8227978212189086e-05)]
    [InlineData(9, 41, 0.8662056281966353)]
    [InlineData(3, 300, 1.574862706099021e-18)]
    public void Chroma_filterbank_matches_the_librosa_port(int pitchClass, int bin, double expected)
    {
        var fb = ChromaFilterbank.Create(22050, 2048);

        Assert.Equal(expected, fb[pitchClass, bin], expected * 1e-9);
    }
}
