using System.Diagnostics;

namespace NmfGrid.Compute.Algorithms;

/// <summary>What <see cref="MultiplicativeLoop.Run"/> leaves: iterations run, whether the stop test fired, the last loss and history.</summary>
internal sealed record LoopOutcome(int Iterations, bool Converged, double Loss, IReadOnlyList<LossPoint> History, double Seconds);

/// <summary>
/// The outer loop of the multiplicative solvers: W then H per iteration, the loss at the start, at the
/// stop checks and at the end, and the stop rule (scikit-learn's every 10 iterations, or nn_fac's every one;
/// nmf-algorithms.md §1.4, §2.2).
/// </summary>
internal static class MultiplicativeLoop
{
    /// <summary>scikit-learn evaluates the loss (and tests convergence) every this many iterations.</summary>
    public const int CheckEvery = 10;

    public static LoopOutcome Run(IMultiplicativeSteps steps, NmfOptions options, CancellationToken cancellation)
    {
        var history = new List<LossPoint>();
        var loss = steps.Loss();
        Record(0, loss);
        var clock = Stopwatch.StartNew(); // Seconds counts the iterations, not the set-up or the initial loss
        var errorAtInit = Math.Sqrt(2.0 * Math.Max(loss, 0.0));
        var previousError = errorAtInit;
        var previousLoss = loss;
        var converged = false;
        var iterations = 0;

        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!options.FixW)
            {
                steps.UpdateW();
            }

            if (!options.FixH)
            {
                steps.UpdateH();
            }

            iterations = iteration;
            var scikitCheck = options.Stopping == StoppingRule.ScikitLearn && iteration % CheckEvery == 0;
            var evaluate = scikitCheck || options.Stopping == StoppingRule.NnFac || iteration == options.MaxIterations;
            if (!evaluate)
            {
                continue;
            }

            loss = steps.Loss();
            Record(iteration, loss);
            if (options.Tolerance <= 0)
            {
                continue;
            }

            if (scikitCheck)
            {
                // sklearn: the decrease over the last 10 iterations, relative to the initial error.
                var error = Math.Sqrt(2.0 * Math.Max(loss, 0.0));
                if ((previousError - error) / errorAtInit < options.Tolerance)
                {
                    converged = true;
                    break;
                }

                previousError = error;
            }
            else if (options.Stopping == StoppingRule.NnFac)
            {
                // nn_fac: absolute change of the (unnormalised) cost.
                if (Math.Abs(previousLoss - loss) < options.Tolerance)
                {
                    converged = true;
                    break;
                }

                previousLoss = loss;
            }
        }

        clock.Stop();
        return new LoopOutcome(iterations, converged, loss, history, clock.Elapsed.TotalSeconds);

        void Record(int iteration, double value)
        {
            history.Add(new LossPoint(iteration, value));
            options.OnLoss?.Invoke(iteration, value);
        }
    }
}
