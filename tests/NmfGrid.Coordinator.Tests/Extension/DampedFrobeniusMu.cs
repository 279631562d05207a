using System.Diagnostics;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Coordinator.Tests.Extension;

/// <summary>
/// A tiny algorithm defined outside NmfGrid's own projects, to prove that one class and one registration are all a
/// solver needs: Lee &amp; Seung's Frobenius multiplicative updates with the ratio damped by an exponent d, its own
/// setting (d = 1 is the plain update):
///   W ← W ⊙ [(V Hᵀ) ⊘ (W H Hᵀ)]^d,  H ← H ⊙ [(Wᵀ V) ⊘ (Wᵀ W H)]^d.
/// </summary>
public sealed class DampedFrobeniusMu : INmfAlgorithm
{
    public const string AlgorithmName = "test_damped_mu";

    private const double Epsilon = 1.1920928955078125e-07;

    public static readonly ModelParameter Damping = new("damping", 1.0, "exponent d of the update ratio (1: Lee & Seung's update)", 0.1, 1.0);

    public string Name => AlgorithmName;

    public string Description => "Frobenius multiplicative updates with a damped ratio (a test assembly's algorithm)";

    public IReadOnlyList<ModelParameter> Parameters => [Damping];

    public void CheckOptions(NmfOptions options)
    {
        if (options.Beta != 2.0)
            throw new ArgumentException($"{Name} minimises the Frobenius loss only (beta 2), got beta {options.Beta}");
        if (options.AlphaW != 0 || options.AlphaH != 0 || options.FixW || options.FixH || options.FixedTemplates.Count > 0)
            throw new ArgumentException($"{Name} has no penalties and fixes no factor");
    }

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas, CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        var d = T.CreateTruncating(Damping.ValueIn(options));
        var (w, h) = (w0.Clone(), h0.Clone());
        var loss = BetaDivergence.Compute(v, w, h, 2.0, blas);
        var history = new List<LossPoint> { new(0, loss) };
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            w = w.PointwiseMultiply(Ratio(v * h.Transpose(), w * (h * h.Transpose()), d));
            h = h.PointwiseMultiply(Ratio(w.Transpose() * v, (w.Transpose() * w) * h, d));
            loss = BetaDivergence.Compute(v, w, h, 2.0, blas);
            history.Add(new(iteration, loss));
            options.OnLoss?.Invoke(iteration, loss);
        }
        return new NmfResult<T>(w, h, options.MaxIterations, false, loss, history, clock.Elapsed.TotalSeconds, blas.Name, blas.Threads);
    }

    private static Matrix<T> Ratio<T>(Matrix<T> numerator, Matrix<T> denominator, T d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var epsilon = T.CreateTruncating(Epsilon);
        return numerator.PointwiseDivide(denominator.Map(x => T.Max(x, epsilon))).Map(r => T.Pow(r, d));
    }
}
