using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

public class InitialisationTests
{
    private static readonly IBlas Blas = new ManagedBlas();

    [Fact]
    public void Registry_knows_every_initialisation_and_the_mu_solver()
    {
        Assert.Equal(["custom", "harmonic", "harmonic_seed", "nndsvd", "nndsvd_nnfac", "nndsvda", "nndsvdar", "random"], InitialisationRegistry.Names);
        Assert.Contains("mu", AlgorithmRegistry.Names);
        Assert.IsType<MultiplicativeUpdate>(AlgorithmRegistry.Get("MU"));
    }

    [Fact]
    public void Random_initialisation_is_scaled_like_sklearn()
    {
        var v = TestData.Uniform(1000, 300, seed: 3) * 4.0;
        const int rank = 20;
        var (w, h) = new RandomInitialisation().Create(v, new InitialisationRequest { Rank = rank, Seed = 9 }, Blas);
        Assert.Equal((1000, rank), (w.RowCount, w.ColumnCount));
        Assert.Equal((rank, 300), (h.RowCount, h.ColumnCount));

        // E|N(0,1)| = sqrt(2/π), so the entries average sqrt(mean(V)/K)·sqrt(2/π).
        var expected = Math.Sqrt(v.Enumerate().Average() / rank) * Math.Sqrt(2 / Math.PI);
        // 20 000 and 6 000 draws: 4 % is about four standard errors.
        Assert.Equal(expected, w.Enumerate().Average(), 0.04 * expected);
        Assert.Equal(expected, h.Enumerate().Average(), 0.04 * expected);
        Assert.True(w.Enumerate().Concat(h.Enumerate()).All(x => x >= 0));
    }

    [Fact]
    public void Random_initialisation_in_float_matches_the_double_draws()
    {
        var v = TestData.Uniform(10, 12, seed: 4);
        var request = new InitialisationRequest { Rank = 3, Seed = 5 };
        var (w64, _) = new RandomInitialisation().Create(v, request, Blas);
        var (w32, _) = new RandomInitialisation().Create(TestData.ToSingle(v), request, Blas);
        Assert.Equal(w64.Map(x => (float)x).ToColumnMajorArray(), w32.ToColumnMajorArray());
    }

    [Fact]
    public void Custom_initialisation_returns_the_given_factors()
    {
        var w0 = TestData.Uniform(6, 2, 1);
        var h0 = TestData.Uniform(2, 8, 2);
        var (w, h) = new CustomInitialisation().Create(TestData.Uniform(6, 8, 3), new InitialisationRequest { Rank = 2, W0 = w0, H0 = h0 }, Blas);
        Assert.Equal(w0, w);
        Assert.Equal(h0, h);
    }

    [Fact]
    public void Harmonic_templates_put_decaying_weights_on_the_harmonics()
    {
        // 10 Hz rows up to 2 kHz; A4 = MIDI 69 = column 48.
        var frequencies = Enumerable.Range(0, 201).Select(i => 10.0 * i).ToArray();
        var templates = HarmonicTemplates.Create(frequencies);
        var a4 = templates.AsSpan(48 * 201, 201);

        Assert.Equal(440.0, HarmonicTemplates.PitchFrequency(69));
        Assert.Equal(27.5, HarmonicTemplates.PitchFrequency(21), 12);
        Assert.Equal(1.0, a4.ToArray().Sum(), 12); // unit sum
        var first = a4[44];  // 440 Hz
        var second = a4[88]; // 880 Hz
        var third = a4[132]; // 1320 Hz
        Assert.True(first > 0);
        Assert.Equal(first / 2, second, 12);
        Assert.Equal(first / 3, third, 12);
        Assert.Equal(0.0, a4[66]); // 660 Hz lies between harmonics
        Assert.Equal(first, a4[43]); // 430 Hz is inside ±5 % of 440 Hz
        Assert.Equal(0.0, a4[40]);   // 400 Hz is not
    }

    [Fact]
    public void Harmonic_initialisation_gives_finite_activations_despite_empty_low_rows()
    {
        // 64 rows at 43 Hz spacing from 0 Hz: the lowest rows are below every piano pitch's band.
        var frequencies = Enumerable.Range(0, 64).Select(i => 43.0 * i).ToArray();
        var v = TestData.SpectrogramLike(64, 20, rank: 4, seed: 5);
        var request = new InitialisationRequest { Rank = 88, RowFrequencies = frequencies, Seed = 1 };

        foreach (var beta in new[] { 2.0, 1.0, 0.5 })
        {
            var (w, h) = new HarmonicInitialisation().Create(v, request with { Beta = beta }, Blas);
            Assert.Equal((64, 88), (w.RowCount, w.ColumnCount));
            Assert.Equal((88, 20), (h.RowCount, h.ColumnCount));
            Assert.True(w.Row(0).All(x => x == 0));
            Assert.All(h.Enumerate(), x => Assert.True(double.IsFinite(x) && x >= 0));
        }

        var result = Factorization.Run(v, "mu", "harmonic", new NmfOptions { Rank = 88, Beta = 1, MaxIterations = 5 }, Blas,
                                       new InitialisationRequest { Rank = 88, RowFrequencies = frequencies });
        Assert.True(double.IsFinite(result.Loss));
    }

    [Fact]
    public void Fixed_templates_from_W0_take_precedence_over_the_initialisation()
    {
        var v = TestData.Uniform(6, 8, seed: 1);
        var known = TestData.Uniform(6, 2, seed: 2);
        var options = new NmfOptions { Rank = 2, FixW = true, MaxIterations = 3 };
        var result = Factorization.Run(v, "mu", "nndsvda", options, Blas, new InitialisationRequest { Rank = 2, W0 = known });
        Assert.Equal(known, result.W);
    }
}
