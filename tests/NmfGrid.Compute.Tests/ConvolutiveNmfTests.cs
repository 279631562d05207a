using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Models;

namespace NmfGrid.Compute.Tests;

public class ConvolutiveNmfTests
{
    private static readonly IBlas Blas = new ManagedBlas();

    private static Dictionary<string, double> Lags(double lags) => new() { ["lags"] = lags };

    // ---- against the numpy reference (Fixtures/nmfd/make_nmfd_fixtures.py) ----

    public static TheoryData<string> Fixtures => new()
    {
        "nmfd_beta0.0_iter1", "nmfd_beta0.5_iter1", "nmfd_beta1.0_iter1", "nmfd_beta2.0_iter1", "nmfd_beta3.0_iter1",
        "nmfd_beta1.0_iter10",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Nmfd_iterations_match_the_numpy_reference_of_the_update_equations(string name)
    {
        var fixture = NmfdFixture.Load(name);
        var options = new NmfOptions
        {
            Rank = fixture.H0.RowCount, Beta = fixture.Beta, MaxIterations = fixture.Iterations, Tolerance = 0,
            Parameters = Lags(fixture.W0.Count),
        };

        var result = new ConvolutiveNmf().Run(fixture.V, fixture.W0, fixture.H0, options, Blas);

        var model = Assert.IsType<ConvolutiveModel<double>>(result.Model);
        Assert.Equal(fixture.W.Count, model.Lags);
        for (var lag = 0; lag < model.Lags; lag++)
        {
            Assert.InRange(SklearnFixture.RelativeError(model.Templates[lag], fixture.W[lag]), 0, 1e-10);
        }

        Assert.InRange(SklearnFixture.RelativeError(result.H, fixture.H), 0, 1e-10);
        Assert.Equal(fixture.Loss0, result.LossHistory[0].Loss, 1e-10 * fixture.Loss0);
        Assert.Equal(fixture.Loss, result.Loss, 1e-10 * fixture.Loss);
    }

    // ---- descent ----

    public static TheoryData<double> Betas => new() { 0.0, 0.5, 1.0, 1.5, 2.0, 3.0 };

    [Theory]
    [MemberData(nameof(Betas))]
    public void Nmfd_never_increases_the_loss(double beta)
    {
        var v = TestData.SpectrogramLike(24, 50, rank: 3, seed: 31);
        var losses = new List<double>();
        var options = new NmfOptions
        {
            Rank = 3, Beta = beta, MaxIterations = 80, Tolerance = 0, Stopping = StoppingRule.NnFac, Seed = 4,
            Parameters = Lags(4), OnLoss = (_, loss) => losses.Add(loss),
        };

        Factorization.Run(v, "nmfd", "random", options, Blas);

        Assert.Equal(81, losses.Count);
        for (var i = 1; i < losses.Count; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] * (1 + 1e-12) + 1e-12,
                $"β={beta}: loss rose from {losses[i - 1]} to {losses[i]} at iteration {i}.");
        }

        Assert.True(losses[^1] < 0.9 * losses[0], $"β={beta}: the loss barely moved ({losses[0]} → {losses[^1]}).");
    }

    // ---- L = 1 is plain MU ----

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Nmfd_with_one_lag_is_multiplicative_update_from_the_same_start(double beta)
    {
        var v = TestData.SpectrogramLike(20, 30, rank: 3, seed: 41);
        var options = new NmfOptions { Rank = 3, Beta = beta, MaxIterations = 40, Tolerance = 0, Seed = 9, AlphaW = 0.01, AlphaH = 0.02, L1Ratio = 0.5 };

        var mu = Factorization.Run(v, "mu", "nndsvda", options, Blas);
        var nmfd = Factorization.Run(v, "nmfd", "nndsvda", options with { Parameters = Lags(1) }, Blas);

        Assert.InRange(SklearnFixture.RelativeError(nmfd.W, mu.W), 0, 1e-10);
        Assert.InRange(SklearnFixture.RelativeError(nmfd.H, mu.H), 0, 1e-10);
        Assert.Equal(mu.Loss, nmfd.Loss, 1e-10 * mu.Loss);
        Assert.Equal(mu.LossHistory.Select(p => p.Iteration), nmfd.LossHistory.Select(p => p.Iteration));
    }

    [Fact]
    public void Nmfd_with_one_lag_keeps_fixed_templates_as_multiplicative_update_does()
    {
        var v = TestData.SpectrogramLike(20, 30, rank: 3, seed: 42);
        var options = new NmfOptions { Rank = 3, Beta = 1, MaxIterations = 20, Tolerance = 0, Seed = 1, FixedTemplates = [1] };

        var mu = Factorization.Run(v, "mu", "random", options, Blas);
        var nmfd = Factorization.Run(v, "nmfd", "random", options with { Parameters = Lags(1) }, Blas);

        Assert.InRange(SklearnFixture.RelativeError(nmfd.W, mu.W), 0, 1e-10);
        Assert.InRange(SklearnFixture.RelativeError(nmfd.H, mu.H), 0, 1e-10);
    }

    // ---- planted convolutive factors ----

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Nmfd_recovers_planted_patches_from_a_perturbed_start(double beta)
    {
        var planted = PlantedPatches.Create(bins: 24, frames: 120, rank: 3, lags: 5, seed: 3);
        var random = new Random(8);
        var w0 = planted.Templates.Select(w => w.Map(x => x * (0.7 + 0.6 * random.NextDouble()) + 0.05)).ToArray();
        var h0 = planted.H.Map(x => x * (0.7 + 0.6 * random.NextDouble()) + 0.05);
        var options = new NmfOptions { Rank = 3, Beta = beta, MaxIterations = 400, Tolerance = 0, Parameters = Lags(5) };

        var result = new ConvolutiveNmf().Run(planted.V, w0, h0, options, Blas);

        Assert.InRange(RelativeError(planted.V, result.Reconstruction()), 0, 1e-2);
        var model = Assert.IsType<ConvolutiveModel<double>>(result.Model);
        Assert.InRange(planted.WorstPatchMatch(model), 0.99, 1.0);
    }

    [Fact]
    public void Nmfd_from_a_random_start_finds_the_planted_patches_up_to_permutation()
    {
        var planted = PlantedPatches.Create(bins: 24, frames: 160, rank: 2, lags: 4, seed: 5);
        var options = new NmfOptions { Rank = 2, Beta = 1, MaxIterations = 600, Tolerance = 0, Seed = 3, Parameters = Lags(4) };

        var result = Factorization.Run(planted.V, "nmfd", "random", options, Blas);

        Assert.InRange(RelativeError(planted.V, result.Reconstruction()), 0, 0.05);
        Assert.InRange(planted.WorstPatchMatch((ConvolutiveModel<double>)result.Model!), 0.95, 1.0);
    }

    [Fact]
    public void Nmfd_explains_convolutive_data_better_than_plain_MU_of_the_same_rank()
    {
        var planted = PlantedPatches.Create(bins: 24, frames: 120, rank: 2, lags: 5, seed: 6);
        var options = new NmfOptions { Rank = 2, Beta = 1, MaxIterations = 300, Tolerance = 0, Seed = 2 };

        var mu = Factorization.Run(planted.V, "mu", "random", options, Blas);
        var nmfd = Factorization.Run(planted.V, "nmfd", "random", options with { Parameters = Lags(5) }, Blas);

        Assert.True(nmfd.Loss < 0.2 * mu.Loss, $"NMFD loss {nmfd.Loss} vs MU {mu.Loss}");
    }

    // ---- what tasks see ----

    [Fact]
    public void The_result_W_is_the_templates_summed_over_lags_and_spectrograms_follow_the_model()
    {
        var v = TestData.SpectrogramLike(16, 25, rank: 2, seed: 7);
        var options = new NmfOptions { Rank = 3, Beta = 1, MaxIterations = 10, Tolerance = 0, Seed = 1, Parameters = Lags(3) };

        var result = Factorization.Run(v, "nmfd", "random", options, Blas);

        var model = (ConvolutiveModel<double>)result.Model!;
        Assert.InRange(SklearnFixture.RelativeError(result.W, model.Templates[0] + model.Templates[1] + model.Templates[2]), 0, 1e-14);
        var byLoop = NaiveModel(model.Templates, result.H);
        Assert.InRange(SklearnFixture.RelativeError(result.Reconstruction(), byLoop), 0, 1e-12);
        var sum = result.Spectrogram([0]) + result.Spectrogram([1]) + result.Spectrogram([2]);
        Assert.InRange(SklearnFixture.RelativeError(result.Spectrogram([0, 1, 2]), sum), 0, 1e-12);
        // The loss the solver reports is the divergence of that reconstruction.
        Assert.Equal(Losses.BetaDivergence.Compute(v, Matrix<double>.Build.DenseIdentity(16), byLoop, 1.0, Blas), result.Loss, 1e-9 * result.Loss);
    }

    [Fact]
    public void Plain_results_make_spectrograms_as_W_times_H()
    {
        var (v, w, h) = TestData.Planted(6, 9, rank: 3, seed: 2);
        var result = new NmfResult<double>(w, h, 0, true, 0, [], 0, "managed", 1);

        Assert.InRange(SklearnFixture.RelativeError(result.Reconstruction(), v), 0, 1e-14);
        Assert.InRange(SklearnFixture.RelativeError(result.Spectrogram([1]), w.Column(1).OuterProduct(h.Row(1))), 0, 1e-14);
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Spectrogram([3]));
    }

    [Fact]
    public void Nmfd_is_registered_with_its_lags_parameter()
    {
        var algorithm = AlgorithmRegistry.Get("nmfd");
        var lags = Assert.Single(algorithm.Parameters);
        Assert.Equal("lags", lags.Name);
        Assert.Equal(8, lags.Default);
    }

    // ---- bad input ----

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(2.5)]
    [InlineData(double.NaN)]
    public void A_bad_lags_value_is_rejected_naming_the_parameter(double lags)
    {
        var v = TestData.Uniform(8, 20, seed: 1);
        var options = new NmfOptions { Rank = 2, Parameters = Lags(lags) };

        var error = Assert.ThrowsAny<ArgumentException>(() => Factorization.Run(v, "nmfd", "random", options, Blas));

        Assert.Contains("lags", error.Message);
    }

    [Fact]
    public void More_lags_than_frames_is_rejected_naming_lags()
    {
        var v = TestData.Uniform(8, 6, seed: 1);
        var error = Assert.Throws<ArgumentException>(() =>
            Factorization.Run(v, "nmfd", "random", new NmfOptions { Rank = 2, Parameters = Lags(7) }, Blas));
        Assert.Contains("lags = 7", error.Message);
    }

    [Fact]
    public void A_convolutive_start_must_agree_with_the_lags_option()
    {
        var v = TestData.Uniform(8, 20, seed: 1);
        var templates = new[] { TestData.Uniform(8, 2, 2), TestData.Uniform(8, 2, 3) };
        var options = new NmfOptions { Rank = 2, Parameters = Lags(3) };

        var error = Assert.Throws<ArgumentException>(() => new ConvolutiveNmf().Run(v, templates, TestData.Uniform(2, 20, 4), options, Blas));

        Assert.Contains("lags is 3", error.Message);
        Assert.Contains("2 lag templates", error.Message);
    }

    [Fact]
    public void A_lag_template_of_the_wrong_shape_is_named()
    {
        var v = TestData.Uniform(8, 20, seed: 1);
        var templates = new[] { TestData.Uniform(8, 2, 2), TestData.Uniform(7, 2, 3) };

        var error = Assert.Throws<ArgumentException>(() =>
            new ConvolutiveNmf().Run(v, templates, TestData.Uniform(2, 20, 4), new NmfOptions { Rank = 2 }, Blas));

        Assert.Contains("W0[lag 1]", error.Message);
    }

    // ---- float32 ----

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void Nmfd_in_float32_agrees_with_float64(double beta)
    {
        var v = TestData.SpectrogramLike(20, 40, rank: 3, seed: 13);
        var options = new NmfOptions { Rank = 3, Beta = beta, MaxIterations = 30, Tolerance = 0, Seed = 6, Parameters = Lags(3) };

        var doubles = Factorization.Run(v, "nmfd", "nndsvda", options, Blas);
        var singles = Factorization.Run(TestData.ToSingle(v), "nmfd", "nndsvda", options, Blas);

        Assert.IsType<ConvolutiveModel<float>>(singles.Model);
        Assert.InRange(SklearnFixture.RelativeError(singles.W.Map(x => (double)x), doubles.W), 0, 1e-3);
        Assert.InRange(SklearnFixture.RelativeError(singles.H.Map(x => (double)x), doubles.H), 0, 1e-3);
        Assert.Equal(doubles.Loss, singles.Loss, 1e-3 * doubles.Loss);
        Assert.True(singles.Loss < singles.LossHistory[0].Loss);
    }

    private static double RelativeError(Matrix<double> expected, Matrix<double> actual) =>
        (expected - actual).FrobeniusNorm() / expected.FrobeniusNorm();

    /// <summary>Λ = Σ_τ W_τ·shift→τ(H), entry by entry.</summary>
    private static Matrix<double> NaiveModel(IReadOnlyList<Matrix<double>> templates, Matrix<double> h)
    {
        int rows = templates[0].RowCount, frames = h.ColumnCount;
        return Matrix<double>.Build.Dense(rows, frames, (f, t) =>
        {
            var sum = 0.0;
            for (var lag = 0; lag < templates.Count && lag <= t; lag++)
                for (var k = 0; k < h.RowCount; k++)
                    sum += templates[lag][f, k] * h[k, t - lag];
            return sum;
        });
    }

    /// <summary>V = Σ_τ W_τ·shift→τ(H) with distinct random patches and sparse onsets in H.</summary>
    private sealed record PlantedPatches(Matrix<double> V, IReadOnlyList<Matrix<double>> Templates, Matrix<double> H)
    {
        public static PlantedPatches Create(int bins, int frames, int rank, int lags, int seed)
        {
            var random = new Random(seed);
            var templates = Enumerable.Range(0, lags)
                .Select(_ => Matrix<double>.Build.Dense(bins, rank, (_, _) => Math.Pow(random.NextDouble(), 2)))
                .ToArray();
            var h = Matrix<double>.Build.Dense(rank, frames, (_, _) => random.NextDouble() < 0.08 ? 0.5 + random.NextDouble() : 0.0);
            return new PlantedPatches(NaiveModel(templates, h), templates, h);
        }

        /// <summary>The worst, over planted components, of the best cosine between its F·L patch and a learned one.</summary>
        public double WorstPatchMatch(ConvolutiveModel<double> model)
        {
            var planted = Enumerable.Range(0, H.RowCount).Select(k => Patch(Templates, k)).ToArray();
            var learned = Enumerable.Range(0, model.Rank).Select(k => Patch(model.Templates, k)).ToArray();
            return planted.Min(p => learned.Max(l => Cosine(p, l)));
        }

        private static double[] Patch(IReadOnlyList<Matrix<double>> templates, int k) =>
            templates.SelectMany(w => w.Column(k).ToArray()).ToArray();

        private static double Cosine(double[] a, double[] b)
        {
            double dot = 0, na = 0, nb = 0;
            for (var i = 0; i < a.Length; i++)
            {
                dot += a[i] * b[i];
                na += a[i] * a[i];
                nb += b[i] * b[i];
            }

            return dot / Math.Sqrt(na * nb);
        }
    }

    /// <summary>One case from Fixtures/nmfd: V, the lag templates and activations before and after, β and the losses.</summary>
    private sealed record NmfdFixture(Matrix<double> V, IReadOnlyList<Matrix<double>> W0, Matrix<double> H0,
                                      IReadOnlyList<Matrix<double>> W, Matrix<double> H, double Beta, int Iterations,
                                      double Loss0, double Loss)
    {
        public static NmfdFixture Load(string name)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nmfd", name + ".json");
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            return new NmfdFixture(
                MatrixOf(root.GetProperty("V")),
                root.GetProperty("W0").EnumerateArray().Select(MatrixOf).ToArray(),
                MatrixOf(root.GetProperty("H0")),
                root.GetProperty("W").EnumerateArray().Select(MatrixOf).ToArray(),
                MatrixOf(root.GetProperty("H")),
                root.GetProperty("beta").GetDouble(),
                root.GetProperty("iterations").GetInt32(),
                root.GetProperty("loss0").GetDouble(),
                root.GetProperty("loss").GetDouble());
        }

        private static Matrix<double> MatrixOf(JsonElement rows) =>
            Matrix<double>.Build.DenseOfRowArrays(
                rows.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray());
    }
}
