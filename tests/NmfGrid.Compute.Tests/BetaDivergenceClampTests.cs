using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Tests;

/// <summary>
/// The loss (results' final_loss) clamps WH as scikit-learn ≥ 1.3's _beta_divergence: WH &lt; eps32 → eps32 on the
/// entries where V &gt; eps32 (1.2.1 replaced only WH == 0). Here WH[0,0] = 1e-9 &lt; eps32 where V = 0.5, and V[1,1] = 0
/// is left out. Expected values: that rule in numpy; Debian's scikit-learn 1.2.1 gives 5.0012e8 (β=0), 32644.8 (β=½),
/// 38.835 (β=1) on the same input, and the same values as the rule where no WH lies in (0, eps32).
/// </summary>
public class BetaDivergenceClampTests
{
    private static readonly Matrix<double> V = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, 1.0 }, { 2.0, 0.0 } });
    private static readonly Matrix<double> W = Matrix<double>.Build.DenseOfArray(new[,] { { 1e-5 }, { 1.0 } });
    private static readonly Matrix<double> H = Matrix<double>.Build.DenseOfArray(new[,] { { 1e-4, 1.0 } });

    [Theory]
    [InlineData(0.0, 4314263.33434901)]
    [InlineData(0.5, 3918.3060142004097)]
    [InlineData(1.0, 36.444629557201885)]
    [InlineData(1.5, 6.195971552564486)]
    [InlineData(3.0, 1.8541666566169968)]
    public void BetaDivergence_clamps_WH_below_float32_epsilon_where_V_is_kept(double beta, double expected)
    {
        Assert.Equal(expected, BetaDivergence.Compute(V, W, H, beta, new ManagedBlas()), 1e-9 * expected);
    }

    [Fact]
    public void BetaDivergence_in_float32_clamps_the_same_way()
    {
        var loss = BetaDivergence.Compute(V.Map(x => (float)x), W.Map(x => (float)x), H.Map(x => (float)x), 1.0, new ManagedBlas());
        Assert.Equal(36.444629557201885, loss, 1e-5 * 36.4);
    }
}
