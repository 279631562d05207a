using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

/// <summary>The seed's harmonic start against Fixtures/harmonic-seed (seed_pipeline.py's template_pitch and MU pass).</summary>
public class SeedHarmonicInitialisationTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "harmonic-seed");

    [Fact]
    public void Templates_and_first_activations_match_the_seeds()
    {
        var fixture = SklearnFixture.Load("harmonic_seed_200x12", Folder);
        var frequencies = Enumerable.Range(0, fixture.V.RowCount).Select(i => i * 44100.0 / 3528).ToArray();
        var (w, h) = InitialisationRegistry.Get("harmonic_seed")
            .Create(fixture.V, new InitialisationRequest { Rank = 88, RowFrequencies = frequencies }, new ManagedBlas());
        Assert.Equal(fixture.W.ToColumnMajorArray(), w.ToColumnMajorArray()); // 0 and 1/m, exactly
        Assert.InRange(SklearnFixture.RelativeError(h, fixture.H), 0, 1e-12);
    }

    [Fact]
    public void Seed_templates_differ_from_NmfGrids_in_weights_and_band_edges()
    {
        var frequencies = Enumerable.Range(0, 200).Select(i => i * 44100.0 / 3528).ToArray();
        var seed = HarmonicTemplates.CreateAsSeed(200, 44100.0 / 3528);
        var own = HarmonicTemplates.Create(frequencies);
        // A4 = key 69 (column 48): f0 = 440 Hz, first band 418–462 Hz = bins 33.44–36.96.
        var a4Seed = seed.AsSpan(48 * 200, 200).ToArray();
        var a4Own = own.AsSpan(48 * 200, 200).ToArray();
        Assert.Equal(1.0, a4Seed[35]);
        Assert.Equal(1.0, a4Seed[33]);   // the seed takes ⌊418/12.5⌋ = bin 33 although its centre (412.5 Hz) is outside
        Assert.Equal(0.0, a4Own[33]);
        Assert.Equal(1.0, a4Own.Sum(), 1e-12); // NmfGrid's columns sum to 1
        Assert.True(a4Seed.Sum() > 1);
    }

    [Fact]
    public void Non_linear_row_frequencies_are_refused()
    {
        var v = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(4, 3, 1.0);
        var error = Assert.Throws<ArgumentException>(() => InitialisationRegistry.Get("harmonic_seed")
            .Create(v, new InitialisationRequest { Rank = 88, RowFrequencies = [0, 10, 25, 30] }, new ManagedBlas()));
        Assert.Contains("row 2", error.Message);
    }
}
