using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

public class MinimumVolumeTests
{
    private static readonly IBlas Blas = new ManagedBlas();

    public static IEnumerable<object[]> Fixtures => ConstrainedFixture.Named("minvol_");

    private static NmfOptions Options(int rank, double beta, double lambda, double delta = 0.01, int iterations = 100) => new()
    {
        Rank = rank, Beta = beta, MaxIterations = iterations, Tolerance = 0, Seed = 3,
        Parameters = new Dictionary<string, double> { ["lambda"] = lambda, ["delta"] = delta },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Minvol_matches_the_numpy_restatement_of_Leplat_Gillis_Ang(string name)
    {
        var fixture = ConstrainedFixture.Load(name);
        var (v, w0, h0) = (fixture.Matrix("V"), fixture.Matrix("W0"), fixture.Matrix("H0"));
        var options = Options(3, fixture.Number("beta"), fixture.Number("lambda_tilde"), fixture.Number("delta"), fixture.Integer("iterations"));

        var result = new MinimumVolume().Run(v, w0, h0, options, Blas);

        Assert.Equal(fixture.Number("lam"), MinimumVolume.Weight(v, w0, h0, options, Blas), 1e-12 * fixture.Number("lam"));
        Assert.InRange(SklearnFixture.RelativeError(result.W, fixture.Matrix("W")), 0, 1e-9);
        Assert.InRange(SklearnFixture.RelativeError(result.H, fixture.Matrix("H")), 0, 1e-9);
        Assert.Equal(fixture.Number("loss0"), result.LossHistory[0].Loss, 1e-10 * Math.Abs(fixture.Number("loss0")));
        Assert.Equal(fixture.Number("loss"), result.Loss, 1e-9 * Math.Abs(fixture.Number("loss")));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Minvol_never_increases_its_objective(double beta)
    {
        var v = TestData.SpectrogramLike(40, 50, rank: 4, seed: 12);
        var losses = new List<double>();
        var options = Options(5, beta, lambda: 0.5) with { OnLoss = (_, loss) => losses.Add(loss) };

        Factorization.Run(v, "minvol", "random", options, Blas);

        Assert.Equal(101, losses.Count);
        for (var i = 1; i < losses.Count; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] + 1e-10 * Math.Abs(losses[i - 1]),
                $"β={beta}: the objective rose from {losses[i - 1]} to {losses[i]} at iteration {i}.");
        }

        Assert.True(losses[^1] < losses[0] - 0.1 * Math.Abs(losses[0]), $"β={beta}: the objective barely moved ({losses[0]} → {losses[^1]}).");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Minvol_keeps_every_template_on_the_unit_simplex(double beta)
    {
        var problem = PlantedFactorization.Create(20, 25, 3, seed: 6);

        var result = new MinimumVolume().Run(problem.V, problem.W0, problem.H0, Options(3, beta, 0.3, iterations: 15), Blas);

        foreach (var column in result.W.EnumerateColumns())
        {
            Assert.Equal(1.0, column.Sum(), 1e-10);
            Assert.True(column.Minimum() > 0);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Minvol_with_a_light_volume_weight_recovers_a_planted_factorisation(double beta)
    {
        var problem = PlantedFactorization.Create(30, 40, 3, seed: 5);

        var result = new MinimumVolume().Run(problem.V, problem.W0, problem.H0, Options(3, beta, 1e-3, iterations: 400), Blas);

        var relative = (problem.V - result.W * result.H).FrobeniusNorm() / problem.V.FrobeniusNorm();
        Assert.InRange(relative, 0, 2e-2);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Minvol_finds_templates_of_less_volume_than_plain_mu_on_a_planted_problem(double beta)
    {
        // Rank over-estimated (5 for 3 planted sources): the data do not pin the templates down, the volume term does.
        var problem = PlantedFactorization.Create(30, 40, 3, seed: 8);
        var (w0, h0) = new RandomInitialisation().Create(problem.V, new InitialisationRequest { Rank = 5, Seed = 2 }, Blas);
        var options = Options(5, beta, 0.5, iterations: 200);

        var plain = new MultiplicativeUpdate().Run(problem.V, w0, h0, new NmfOptions { Rank = 5, Beta = beta, MaxIterations = 200, Tolerance = 0 }, Blas);
        var minvol = new MinimumVolume().Run(problem.V, w0, h0, options, Blas);

        var (plainVolume, minvolVolume, startVolume) = (Volume(plain.W), Volume(minvol.W), Volume(w0));
        Assert.True(minvolVolume < plainVolume - 1, $"β={beta}: ln det {minvolVolume} (minvol) vs {plainVolume} (mu).");
        Assert.True(minvolVolume < startVolume, $"β={beta}: the volume grew from {startVolume} to {minvolVolume}.");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Minvol_starts_from_templates_with_zero_entries_and_zero_rows(double beta)
    {
        // As a harmonic initialisation gives: bins no template covers, and zeros inside templates.
        var problem = PlantedFactorization.Create(20, 25, 3, seed: 9);
        var w0 = problem.W0.Clone();
        w0.ClearRow(4);
        w0[7, 1] = 0;

        var result = new MinimumVolume().Run(problem.V, w0, problem.H0, Options(3, beta, 0.3, iterations: 10), Blas);

        Assert.True(result.W.Enumerate().All(double.IsFinite) && result.H.Enumerate().All(double.IsFinite));
        Assert.True(double.IsFinite(result.Loss) && result.Loss < result.LossHistory[0].Loss);
    }

    [Fact]
    public void Minvol_keeps_a_fixed_template_scaled_onto_the_simplex()
    {
        var problem = PlantedFactorization.Create(15, 20, 3, seed: 10);
        var options = Options(3, 1.0, 0.3, iterations: 10) with { FixedTemplates = [2] };

        var result = new MinimumVolume().Run(problem.V, problem.W0, problem.H0, options, Blas);

        var expected = problem.W0.Column(2) / problem.W0.Column(2).Sum();
        Assert.InRange((result.W.Column(2) - expected).InfinityNorm(), 0, 1e-15);
        Assert.True((result.W.Column(0) - problem.W0.Column(0) / problem.W0.Column(0).Sum()).InfinityNorm() > 1e-3);
    }

    [Fact]
    public void Minvol_runs_natively_in_float32_and_agrees_with_float64()
    {
        var v = TestData.SpectrogramLike(32, 40, rank: 4, seed: 31) + 0.01;
        var (w0, h0) = new RandomInitialisation().Create(v, new InitialisationRequest { Rank = 4, Seed = 1 }, Blas);
        var options = Options(4, 1.0, 0.3, iterations: 30);

        var doubles = new MinimumVolume().Run(v, w0, h0, options, Blas);
        var singles = new MinimumVolume().Run(TestData.ToSingle(v), TestData.ToSingle(w0), TestData.ToSingle(h0), options, Blas);

        Assert.IsType<float>(singles.W[0, 0]);
        Assert.InRange(SklearnFixture.RelativeError(singles.W.Map(x => (double)x), doubles.W), 0, 1e-3);
        Assert.InRange(SklearnFixture.RelativeError(singles.H.Map(x => (double)x), doubles.H), 0, 1e-3);
        Assert.Equal(doubles.Loss, singles.Loss, 1e-4 * Math.Abs(doubles.Loss));
    }

    [Theory]
    [InlineData("lambda", 0.0)]
    [InlineData("lambda", -1.0)]
    [InlineData("delta", 0.0)]
    [InlineData("delta", double.NaN)]
    public void Minvol_rejects_a_bad_parameter_naming_it(string name, double value)
    {
        var v = TestData.Uniform(6, 7, seed: 1);
        var options = Options(2, 1.0, 1.0) with
        {
            Parameters = new Dictionary<string, double> { ["lambda"] = 1.0, ["delta"] = 0.01, [name] = value },
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => Factorization.Run(v, "minvol", "random", options, Blas));

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Minvol_rejects_a_beta_it_has_no_update_for()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new MinimumVolume().CheckOptions(new NmfOptions { Rank = 2, Beta = 1.5 }));

        Assert.Contains("β = 1.5", error.Message);
    }

    [Fact]
    public void Simplex_cubic_root_solves_the_itakura_saito_condition()
    {
        foreach (var (a, b, d) in new[] { (2.0, 3.0, -5.0), (0.5, -4.0, -0.01), (1e3, 1e-3, -1e-6) })
        {
            var w = SimplexColumnStep.CubicRoot(a, b, d);
            Assert.True(w > 0);
            Assert.Equal(0, (a * w + b) * w * w + d, 1e-12 * Math.Max(1, Math.Abs(d)));
        }
    }

    /// <summary>ln det(W̄ᵀW̄ + 0.01·I) with W̄ = W scaled to unit column sums: the volume min-vol minimises.</summary>
    private static double Volume(Matrix<double> w)
    {
        var normalised = w.NormalizeColumns(1.0);
        return (normalised.TransposeThisAndMultiply(normalised) + 0.01 * Matrix<double>.Build.DenseIdentity(w.ColumnCount)).Cholesky().DeterminantLn;
    }
}
