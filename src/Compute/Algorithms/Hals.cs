using System.Diagnostics;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// Accelerated HALS for the Frobenius norm (Gillis &amp; Glineur, Neural Computation 24(4), 2012), as nn_fac's
/// <c>hals_nnls_acc</c> runs it: per outer iteration W then H, each by precomputing its normal equations once
/// (G = HHᵀ, B = VHᵀ for W) and then sweeping the components repeatedly,
///   Δ = max((B[:,k] − A·G[:,k] − l1) / G[k,k], −A[:,k]),   A[:,k] += Δ,
/// until ΣΔ² of a sweep falls below δ·(ΣΔ² of the first sweep), or after <see cref="MaxInnerSweeps"/> sweeps.
///
/// nn_fac also stops the inner loop after 1 + α·ρ sweeps, ρ = (wall time of the precomputation)/(wall time of
/// one sweep). That makes the result depend on the machine's load, and a run must give bit-identical results
/// for a seed, so the registered solver uses α = ∞ (nn_fac's <c>deterministic=True</c>): only δ and the sweep
/// cap limit the inner loop. A finite α can be asked for through the constructor, for timing studies.
///
/// Stopping: with <see cref="StoppingRule.NnFac"/> the loss is evaluated after every iteration and the run
/// stops when |D_{k−1} − D_k| &lt; tol (from the second iteration on, as nn_fac). Otherwise scikit-learn's rule:
/// every 10 iterations, stop when (e_prev − e)/e_0 &lt; tol with e = sqrt(2·D), which costs one loss
/// evaluation per 10 iterations and has a scale-free tolerance. Penalties: see <see cref="FrobeniusOptions"/>.
/// </summary>
public sealed class Hals : INmfAlgorithm
{
    /// <summary>The registered solver: deterministic inner loop, nn_fac's δ = 0.01 and 100 inner sweeps.</summary>
    public Hals()
        : this(double.PositiveInfinity)
    {
    }

    /// <param name="innerTimeRatio">nn_fac's α: inner sweeps stop after 1 + α·ρ sweeps (nn_fac uses 0.5);
    /// ∞ switches the time limit off and keeps runs reproducible.</param>
    /// <param name="maxInnerSweeps">the cap on inner sweeps per factor update (nn_fac: 100).</param>
    /// <param name="innerDelta">δ of the inner stop ΣΔ² &lt; δ·ΣΔ²_first (nn_fac: 0.01).</param>
    public Hals(double innerTimeRatio, int maxInnerSweeps = 100, double innerDelta = 0.01)
    {
        if (!(innerTimeRatio >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(innerTimeRatio), innerTimeRatio, "HALS: α must be ≥ 0 (∞ for no time limit).");
        }

        if (maxInnerSweeps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxInnerSweeps), maxInnerSweeps, "HALS: at least one inner sweep is needed.");
        }

        if (!(innerDelta >= 0 && innerDelta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(innerDelta), innerDelta, "HALS: δ must lie in [0, 1].");
        }

        InnerTimeRatio = innerTimeRatio;
        MaxInnerSweeps = maxInnerSweeps;
        InnerDelta = innerDelta;
    }

    public string Name => "hals";

    public string Description => "Accelerated HALS (Gillis & Glineur 2012, as nn_fac), Frobenius only, deterministic inner loop";

    public double InnerTimeRatio { get; }

    public int MaxInnerSweeps { get; }

    public double InnerDelta { get; }

    /// <summary>Iterations between loss evaluations under scikit-learn's stopping rule.</summary>
    private const int CheckEvery = 10;

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

        var nnFac = options.Stopping == StoppingRule.NnFac;
        var tolerance = options.Tolerance;
        var errorAtInit = Math.Sqrt(2 * Math.Max(loss, 0));
        var previousError = errorAtInit;
        var previousLoss = loss;
        var iterations = 0;
        var converged = false;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (work.UpdatesTemplates)
            {
                UpdateFactor(work, templates: true);
            }

            if (work.UpdatesActivations)
            {
                UpdateFactor(work, templates: false);
            }

            iterations = iteration;
            if (nnFac)
            {
                loss = work.Loss(iteration);
                if (tolerance > 0 && iteration >= 2 && Math.Abs(previousLoss - loss) < tolerance)
                {
                    converged = true;
                    break;
                }

                previousLoss = loss;
            }
            else if (iteration % CheckEvery == 0)
            {
                loss = work.Loss(iteration);
                var error = Math.Sqrt(2 * Math.Max(loss, 0));
                if (tolerance > 0 && (errorAtInit == 0 || (previousError - error) / errorAtInit < tolerance))
                {
                    converged = true;
                    break;
                }

                previousError = error;
            }
        }

        if (work.LastLossIteration != iterations)
        {
            loss = work.Loss(iterations);
        }

        return work.Result(iterations, converged, loss, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// One NNLS solve by accelerated HALS. nn_fac continues while ΣΔ² ≥ δ·ΣΔ²_first, count ≤ 1 + α·ρ and
    /// count ≤ maxiter, counting the next sweep. A sweep that moves nothing (ΣΔ² = 0) also ends it: every
    /// later sweep would repeat it exactly, so this saves time without changing the result.
    /// </summary>
    private void UpdateFactor<T>(FrobeniusWorkspace<T> work, bool templates)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var timed = !double.IsPositiveInfinity(InnerTimeRatio);
        var started = timed ? Stopwatch.GetTimestamp() : 0;
        if (templates)
        {
            work.PrepareTemplates();
        }
        else
        {
            work.PrepareActivations();
        }

        var precomputeSeconds = timed ? Stopwatch.GetElapsedTime(started).TotalSeconds : 0;
        var sweepLimit = (double)MaxInnerSweeps;
        double first = 0;
        for (var count = 1; ; count++)
        {
            var sweepStarted = timed ? Stopwatch.GetTimestamp() : 0;
            var step = (templates ? work.SweepTemplates() : work.SweepActivations()).StepSquared;
            if (count == 1)
            {
                first = step;
                if (timed)
                {
                    // nn_fac: ρ = atime / max(btime, 1e-6), the precomputation over one sweep
                    var sweepSeconds = Math.Max(Stopwatch.GetElapsedTime(sweepStarted).TotalSeconds, 1e-6);
                    sweepLimit = Math.Min(sweepLimit, 1 + InnerTimeRatio * (precomputeSeconds / sweepSeconds));
                }
            }

            if (step == 0 || step < InnerDelta * first || count + 1 > sweepLimit)
            {
                return;
            }
        }
    }
}
