using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Compute.Tests.Tensors;

/// <summary>One iteration of each tensor solver against a numpy reference of its update rule (Fixtures/tensor/generate.py).</summary>
public sealed class TensorFixtureTests
{
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData("cp_hals", 2.0)]
    [InlineData("cp_mu", 2.0)]
    [InlineData("cp_mu", 1.0)]
    [InlineData("cp_mu", 0.0)]
    [InlineData("cp_mu", 0.5)]
    [InlineData("cp_mu", 3.0)]
    [InlineData("tucker_hals", 2.0)]
    [InlineData("tucker_mu", 2.0)]
    [InlineData("tucker_mu", 1.0)]
    [InlineData("tucker_mu", 0.5)]
    public void One_iteration_matches_the_numpy_reference(string algorithm, double beta)
    {
        var fixture = TensorFixture.Load();
        var solver = (ITensorAlgorithm)AlgorithmRegistry.Get(algorithm);
        var start = solver.HasCore ? new TensorStart(fixture.TuckerStart, fixture.CoreStart) : new TensorStart(fixture.CpStart, null);
        var parameters = solver.HasCore
            ? new Dictionary<string, double> { ["rank_0"] = 2, ["rank_1"] = 2, ["rank_2"] = 3 }
            : new Dictionary<string, double>();
        var options = new NmfOptions { Rank = 2, Beta = beta, MaxIterations = 1, Tolerance = 0, Parameters = parameters };

        var result = solver.Run(fixture.X, start, options, new ManagedBlas());

        var expected = fixture.Case(algorithm, beta);
        var factors = expected.GetProperty("factors").EnumerateArray().Select(TensorFixture.MatrixOf).ToArray();
        for (var n = 0; n < 3; n++)
        {
            var difference = (result.Factors[n] - factors[n]).Enumerate().Max(Math.Abs);
            Assert.True(difference < Tolerance * (1 + factors[n].Enumerate().Max()), $"A{n} differs by {difference}");
        }
        if (solver.HasCore)
        {
            var core = TensorFixture.TensorOf(expected.GetProperty("core"));
            var difference = result.Core!.Data.Zip(core.Data, (p, q) => Math.Abs(p - q)).Max();
            Assert.True(difference < Tolerance * (1 + core.Data.Max()), $"core differs by {difference}");
        }
        var loss = expected.GetProperty("loss").GetDouble();
        Assert.Equal(loss, result.Loss, loss * 1e-9);
    }
}
