using System.Diagnostics;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace MyModels;

/// <summary>
/// β-divergence NMF by multiplicative updates (Févotte &amp; Idier 2011, "Algorithms for nonnegative matrix
/// factorization with the β-divergence"), written plainly with whole-matrix operations. Replace the loop with
/// your own model; keep the shape of <see cref="Run{T}"/>.
/// <code>
///   minimise D_β(V | Λ),  Λ = W H,  W ≥ 0 (F×K), H ≥ 0 (K×T)
///   W ← W ⊙ [ ((V ⊙ Λ^(β−2)) Hᵀ) ⊘ (Λ^(β−1) Hᵀ) ]^γ(β)      then Λ = W H again
///   H ← H ⊙ [ (Wᵀ (V ⊙ Λ^(β−2))) ⊘ (Wᵀ Λ^(β−1)) ]^γ(β)
///   γ(β) = 1/(2−β) for β &lt; 1,  1 for 1 ≤ β ≤ 2,  1/(β−1) for β &gt; 2   (each step then never increases D_β)
/// </code>
/// ⊙ and ⊘ are entry-wise; Λ is kept at least ε (float32's machine epsilon, as scikit-learn does) so that
/// Λ^(β−2) stays finite, and for β ≤ 1 entries that fall below float64's epsilon become exactly 0 (scikit-learn's
/// rule for stability; W's only for β &lt; 1). W is updated before H, as scikit-learn's solver='mu' does, so from the same W0, H0 and
/// with tol = 0 this reproduces nmfgrid's built-in `mu`. It stops when one iteration lowers D_β by less than
/// tol × D_β(V | W0 H0).
/// </summary>
public sealed class PlainBetaMu : INmfAlgorithm
{
    private const double Epsilon = 1.1920928955078125e-07;

    /// <summary>What configs select it by: `algorithm.name: plain_beta_mu`.</summary>
    public string Name => "plain_beta_mu";

    public string Description => "β-divergence multiplicative updates, written plainly (template plugin)";

    /// <summary>Refuses, before any job runs, the options this model does not implement.</summary>
    public void CheckOptions(NmfOptions options)
    {
        if (options.AlphaW != 0 || options.AlphaH != 0)
            throw new ArgumentException($"{Name} has no penalty: alpha_w and alpha_h must be 0");
        if (options.FixedTemplates.Count > 0)
            throw new ArgumentException($"{Name} does not keep some templates fixed (fixed_templates)");
    }

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas,
                               CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckOptions(options);
        var clock = Stopwatch.StartNew();
        var beta = options.Beta;
        var w = w0.Clone();
        var h = h0.Clone();

        var loss = BetaDivergence.Compute(v, w, h, beta, blas);
        var history = new List<LossPoint> { new(0, loss) };
        var initialLoss = loss;
        var iteration = 0;
        var converged = false;
        while (iteration < options.MaxIterations && !converged)
        {
            cancellation.ThrowIfCancellationRequested();
            iteration++;
            if (!options.FixW)
            {
                var (numerator, denominator) = Terms(v, w * h, beta);
                w = w.PointwiseMultiply(Step(numerator * h.Transpose(), denominator * h.Transpose(), beta));
                if (beta < 1) w = ZeroTiny(w);
            }
            if (!options.FixH)
            {
                var (numerator, denominator) = Terms(v, w * h, beta);
                h = h.PointwiseMultiply(Step(w.Transpose() * numerator, w.Transpose() * denominator, beta));
                if (beta <= 1) h = ZeroTiny(h);
            }

            var previous = loss;
            loss = BetaDivergence.Compute(v, w, h, beta, blas);
            history.Add(new(iteration, loss));
            options.OnLoss?.Invoke(iteration, loss);
            converged = options.Tolerance > 0 && previous - loss < options.Tolerance * initialLoss;
        }
        return new NmfResult<T>(w, h, iteration, converged, loss, history, clock.Elapsed.TotalSeconds, blas.Name, blas.Threads);
    }

    /// <summary>V ⊙ Λ^(β−2) and Λ^(β−1), with Λ = WH kept at least ε.</summary>
    private static (Matrix<T> Numerator, Matrix<T> Denominator) Terms<T>(Matrix<T> v, Matrix<T> wh, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var epsilon = T.CreateTruncating(Epsilon);
        var lambda = wh.Map(x => T.Max(x, epsilon));
        return (v.PointwiseMultiply(lambda.PointwisePower(T.CreateTruncating(beta - 2))),
                lambda.PointwisePower(T.CreateTruncating(beta - 1)));
    }

    /// <summary>The multiplier [numerator ⊘ denominator]^γ(β); a zero denominator counts as ε.</summary>
    private static Matrix<T> Step<T>(Matrix<T> numerator, Matrix<T> denominator, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var epsilon = T.CreateTruncating(Epsilon);
        var gamma = beta < 1 ? 1 / (2 - beta) : beta > 2 ? 1 / (beta - 1) : 1.0;
        var ratio = numerator.PointwiseDivide(denominator.Map(x => x == T.Zero ? epsilon : x));
        return gamma == 1.0 ? ratio : ratio.PointwisePower(T.CreateTruncating(gamma));
    }

    /// <summary>Entries below float64's machine epsilon set to 0.</summary>
    private static Matrix<T> ZeroTiny<T>(Matrix<T> factor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tiny = T.CreateTruncating(2.220446049250313e-16);
        return factor.Map(x => x < tiny ? T.Zero : x);
    }
}
