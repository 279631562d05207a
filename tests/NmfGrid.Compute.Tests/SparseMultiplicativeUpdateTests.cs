using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests;

public class SparseMultiplicativeUpdateTests
{
    private static readonly IBlas Blas = new ManagedBlas();

    public static IEnumerable<object[]> Fixtures => ConstrainedFixture.Named("sparse_");

    private static NmfOptions Options(int rank, double beta, double sparsity, int iterations = 100) => new()
    {
        Rank = rank, Beta = beta, MaxIterations = iterations, Tolerance = 0, Seed = 3,
        Parameters = new Dictionary<string, double> { ["sparsity"] = sparsity },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Sparse_mu_matches_the_numpy_restatement_of_Le_Roux_et_al(string name)
    {
        var fixture = ConstrainedFixture.Load(name);
        var options = Options(3, fixture.Number("beta"), fixture.Number("sparsity"), fixture.Integer("iterations")) with
        {
            FixedTemplates = fixture.Indices("fixed_templates"),
        };
        var solver = new SparseMultiplicativeUpdate(fixture.Indices("fixed_activations"));

        var result = solver.Run(fixture.Matrix("V"), fixture.Matrix("W0"), fixture.Matrix("H0"), options, Blas);

        Assert.InRange(SklearnFixture.RelativeError(result.W, fixture.Matrix("W")), 0, 1e-10);
        Assert.InRange(SklearnFixture.RelativeError(result.H, fixture.Matrix("H")), 0, 1e-10);
        Assert.Equal(fixture.Number("loss0"), result.LossHistory[0].Loss, 1e-10 * Math.Abs(fixture.Number("loss0")));
        Assert.Equal(fixture.Number("loss"), result.Loss, 1e-10 * Math.Abs(fixture.Number("loss")));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(2.0)]
    public void Sparse_mu_never_increases_its_penalised_objective(double beta)
    {
        var v = TestData.SpectrogramLike(40, 50, rank: 4, seed: 12);
        var losses = new List<double>();
        var options = Options(4, beta, sparsity: 0.01) with { OnLoss = (_, loss) => losses.Add(loss) };

        Factorization.Run(v, "sparse_mu", "random", options, Blas);

        Assert.Equal(101, losses.Count);
        for (var i = 1; i < losses.Count; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] * (1 + 1e-12) + 1e-12,
                $"β={beta}: the objective rose from {losses[i - 1]} to {losses[i]} at iteration {i}.");
        }

        Assert.True(losses[^1] < 0.9 * losses[0], $"β={beta}: the objective barely moved ({losses[0]} → {losses[^1]}).");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Sparse_mu_without_penalty_recovers_a_planted_factorisation(double beta)
    {
        var problem = PlantedFactorization.Create(30, 40, 3, seed: 5);

        var result = new SparseMultiplicativeUpdate().Run(problem.V, problem.W0, problem.H0, Options(3, beta, 0.0, 1000), Blas);

        var relative = (problem.V - result.W * result.H).FrobeniusNorm() / problem.V.FrobeniusNorm();
        Assert.InRange(relative, 0, 1e-2);
    }

    [Fact]
    public void Sparse_mu_returns_templates_of_unit_norm()
    {
        var problem = PlantedFactorization.Create(20, 25, 3, seed: 6);

        var result = new SparseMultiplicativeUpdate().Run(problem.V, problem.W0, problem.H0, Options(3, 1.0, 0.5, 20), Blas);

        foreach (var column in result.W.EnumerateColumns())
        {
            Assert.Equal(1.0, column.L2Norm(), 1e-12);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Sparse_mu_gives_sparser_activations_than_plain_mu_at_equal_settings(double beta)
    {
        var v = TestData.SpectrogramLike(40, 60, rank: 6, seed: 13);
        var (w0, h0) = new RandomInitialisation().Create(v, new InitialisationRequest { Rank = 6, Seed = 1 }, Blas);
        var plainOptions = new NmfOptions { Rank = 6, Beta = beta, MaxIterations = 200, Tolerance = 0, Seed = 1 };
        var penalty = 0.5 * v.Enumerate().Average(); // on the scale of the data: H carries it once W is normalised

        var plain = new MultiplicativeUpdate().Run(v, w0, h0, plainOptions, Blas);
        var sparse = new SparseMultiplicativeUpdate().Run(v, w0, h0, Options(6, beta, penalty, 200), Blas);
        var sparser = new SparseMultiplicativeUpdate().Run(v, w0, h0, Options(6, beta, 4 * penalty, 200), Blas);

        var (hoyerPlain, hoyerSparse, hoyerSparser) = (Hoyer(plain.H), Hoyer(sparse.H), Hoyer(sparser.H));
        Assert.True(hoyerSparse > hoyerPlain + 0.02, $"β={beta}: Hoyer sparseness {hoyerSparse} (sparse_mu) vs {hoyerPlain} (mu).");
        Assert.True(hoyerSparser > hoyerSparse, $"β={beta}: a 4× larger penalty gave {hoyerSparser}, not more than {hoyerSparse}.");
    }

    [Fact]
    public void Sparse_mu_keeps_the_templates_and_activations_its_masks_fix()
    {
        var problem = PlantedFactorization.Create(15, 20, 3, seed: 7);
        var options = Options(3, 1.0, 0.1, 10) with { FixedTemplates = [1] };

        var result = new SparseMultiplicativeUpdate(fixedActivations: [2]).Run(problem.V, problem.W0, problem.H0, options, Blas);

        var w0Column = problem.W0.Column(1);
        var norms = problem.W0.ColumnNorms(2);
        Assert.InRange((result.W.Column(1) - w0Column / norms[1]).InfinityNorm(), 0, 1e-14);
        Assert.InRange((result.H.Row(2) - problem.H0.Row(2) * norms[2]).InfinityNorm(), 0, 1e-12);
        Assert.True((result.W.Column(0) - w0Column / norms[0]).InfinityNorm() > 1e-3);
    }

    [Fact]
    public void Sparse_mu_runs_natively_in_float32_and_agrees_with_float64()
    {
        var v = TestData.SpectrogramLike(32, 40, rank: 4, seed: 31) + 0.01;
        var (w0, h0) = new RandomInitialisation().Create(v, new InitialisationRequest { Rank = 4, Seed = 1 }, Blas);
        var options = Options(4, 1.0, 0.01, 30);

        var doubles = new SparseMultiplicativeUpdate().Run(v, w0, h0, options, Blas);
        var singles = new SparseMultiplicativeUpdate().Run(TestData.ToSingle(v), TestData.ToSingle(w0), TestData.ToSingle(h0), options, Blas);

        Assert.IsType<float>(singles.W[0, 0]);
        Assert.InRange(SklearnFixture.RelativeError(singles.W.Map(x => (double)x), doubles.W), 0, 1e-4);
        Assert.InRange(SklearnFixture.RelativeError(singles.H.Map(x => (double)x), doubles.H), 0, 1e-4);
        Assert.Equal(doubles.Loss, singles.Loss, 1e-4 * doubles.Loss);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Sparse_mu_rejects_a_bad_sparsity_naming_it(double sparsity)
    {
        var v = TestData.Uniform(6, 7, seed: 1);
        var options = Options(2, 1.0, sparsity);

        var error = Assert.ThrowsAny<ArgumentException>(() => Factorization.Run(v, "sparse_mu", "random", options, Blas));

        Assert.Contains("sparsity", error.Message);
    }

    [Fact]
    public void Sparse_mu_rejects_a_parameter_it_does_not_have_and_scikit_penalties()
    {
        var v = TestData.Uniform(6, 7, seed: 1);
        var unknown = new NmfOptions { Rank = 2, Parameters = new Dictionary<string, double> { ["lambda"] = 1 } };
        var scikit = new NmfOptions { Rank = 2, AlphaH = 0.1 };

        Assert.Contains("'lambda'", Assert.ThrowsAny<ArgumentException>(() => Factorization.Run(v, "sparse_mu", "random", unknown, Blas)).Message);
        Assert.Contains("AlphaH = 0.1", Assert.ThrowsAny<ArgumentException>(() => Factorization.Run(v, "sparse_mu", "random", scikit, Blas)).Message);
    }

    [Fact]
    public void Sparse_mu_rejects_a_fixed_activation_row_outside_the_rank()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new SparseMultiplicativeUpdate(fixedActivations: [3]).CheckOptions(new NmfOptions { Rank = 3 }));

        Assert.Contains("FixedActivations lists row 3", error.Message);
    }

    /// <summary>Hoyer's sparseness of all of H: (√n − ‖h‖₁/‖h‖₂)/(√n − 1), 0 for a flat H, 1 for a single spike; scale-free.</summary>
    private static double Hoyer(Matrix<double> h)
    {
        var n = Math.Sqrt(h.RowCount * h.ColumnCount);
        var l1 = h.Enumerate().Sum(Math.Abs);
        var l2 = h.FrobeniusNorm();
        return (n - l1 / l2) / (n - 1);
    }
}
