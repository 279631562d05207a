using System.Diagnostics;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>One iteration's steps of a constrained model, for <see cref="PenalisedObjectiveStop.Run{T}"/>.</summary>
internal interface IPenalisedSolver<T>
    where T : struct, IEquatable<T>, IFormattable
{
    /// <summary>J = divergence + penalty for the current factors.</summary>
    double Objective();

    void UpdateH();

    void UpdateW();

    (Matrix<T> W, Matrix<T> H) Factors();
}

/// <summary>
/// The stop test of the constrained models (<see cref="SparseMultiplicativeUpdate"/>, <see cref="MinimumVolume"/>).
/// Their objective is a divergence plus a penalty and is evaluated after every iteration (the references do the
/// same); a log-det penalty makes it negative, so scikit-learn's sqrt(2·D) rule does not apply. Instead, as
/// Le Roux's <c>conv_eps</c>: stop when |J_{k−1} − J_k| ≤ tol·|J_{k−1}|; with <see cref="StoppingRule.NnFac"/>
/// the absolute change |J_{k−1} − J_k| &lt; tol. tol = 0 runs every iteration.
/// </summary>
internal static class PenalisedObjectiveStop
{
    /// <summary>The constrained models' outer loop: H then W (as the references), J after every iteration, the stop test.</summary>
    public static NmfResult<T> Run<T>(IPenalisedSolver<T> solver, NmfOptions options, IBlas blas, CancellationToken cancellation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var history = new List<LossPoint>();
        var loss = solver.Objective();
        Record(0, loss);
        var clock = Stopwatch.StartNew();
        var converged = false;
        var iterations = 0;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            solver.UpdateH();
            solver.UpdateW();
            iterations = iteration;
            var previous = loss;
            loss = solver.Objective();
            Record(iteration, loss);
            if (Converged(previous, loss, options))
            {
                converged = true;
                break;
            }
        }

        clock.Stop();
        var (w, h) = solver.Factors();
        return new NmfResult<T>(w, h, iterations, converged, loss, history, clock.Elapsed.TotalSeconds, blas.Name, blas.Threads);

        void Record(int iteration, double value)
        {
            history.Add(new LossPoint(iteration, value));
            options.OnLoss?.Invoke(iteration, value);
        }
    }

    public static bool Converged(double previous, double current, NmfOptions options) =>
        options.Tolerance > 0 && (options.Stopping == StoppingRule.NnFac
            ? Math.Abs(previous - current) < options.Tolerance
            : Math.Abs(previous - current) <= options.Tolerance * Math.Abs(previous));

    /// <summary>The constrained models have their own penalties: scikit-learn's alpha_W/alpha_H would be a second one.</summary>
    public static void RejectScikitPenalties(NmfOptions options, string solver)
    {
        if (options.AlphaW != 0 || options.AlphaH != 0)
        {
            throw new ArgumentException(
                $"The '{solver}' model takes its penalty from its own parameters, not alpha_W/alpha_H " +
                $"(got AlphaW = {options.AlphaW}, AlphaH = {options.AlphaH}); set them to 0.", nameof(options));
        }
    }
}
