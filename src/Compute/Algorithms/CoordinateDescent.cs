using System.Diagnostics;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// scikit-learn's 'cd' solver (Cichocki &amp; Phan 2009, "Fast HALS"), Frobenius only, with shuffle=False:
/// per iteration one coordinate-descent sweep over W (G = HHᵀ + l2_W·I, B = VHᵀ − l1_W), then one over H
/// (the same routine on the transposed problem), components in order 0..K−1, each entry
///   grad = A·G[:,k] − B[:,k],   A[:,k] ← max(A[:,k] − grad / G[k,k], 0).
/// The violation Σ|projected gradient| of the first iteration is the reference: the run stops when
/// violation / violation₁ ≤ tol, checked every iteration, or at once when violation₁ = 0. Unlike the other
/// solvers, tol = 0 does not force every iteration to run: a zero violation means nothing can move any more.
/// <see cref="NmfOptions.Stopping"/> does not apply: this rule is the solver's own, as in scikit-learn.
/// The loss is evaluated at the start, every 10 iterations and at the end (scikit-learn never evaluates it).
/// </summary>
public sealed class CoordinateDescent : INmfAlgorithm
{
    /// <summary>Iterations between loss evaluations; the loss costs about as much as an iteration.</summary>
    private const int LossEvery = 10;

    public string Name => "cd";

    public string Description => "Coordinate descent as scikit-learn's 'cd' (Cichocki & Phan 2009), Frobenius only";

    public void CheckOptions(NmfOptions options) => FrobeniusOptions.Check(options, Name);

    public NmfResult<T> Run<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas,
                               CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckOptions(options);
        NmfInputValidation.CheckFactors(v, w0, h0, options);
        var clock = Stopwatch.StartNew();
        var work = new FrobeniusWorkspace<T>(v, w0, h0, options, blas);
        var loss = work.Loss(0);
        if (!work.UpdatesTemplates && !work.UpdatesActivations)
        {
            return work.Result(0, true, loss, clock.Elapsed.TotalSeconds);
        }

        double violationAtFirst = 0;
        var iterations = 0;
        var converged = false;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            double violation = 0;
            if (work.UpdatesTemplates)
            {
                work.PrepareTemplates();
                violation += work.SweepTemplates().Violation;
            }

            if (work.UpdatesActivations)
            {
                work.PrepareActivations();
                violation += work.SweepActivations().Violation;
            }

            iterations = iteration;
            if (iteration == 1)
            {
                violationAtFirst = violation;
            }

            if (iteration % LossEvery == 0)
            {
                loss = work.Loss(iteration);
            }

            if (violationAtFirst == 0 || violation / violationAtFirst <= options.Tolerance)
            {
                converged = true;
                break;
            }
        }

        if (work.LastLossIteration != iterations)
        {
            loss = work.Loss(iterations);
        }

        return work.Result(iterations, converged, loss, clock.Elapsed.TotalSeconds);
    }
}
