using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// The outer loop every tensor solver shares, with the matrix solvers' stop rules (<see cref="StoppingRule"/>):
/// scikit-learn's every 10 iterations, (e_prev − e)/e_0 &lt; tol with e = sqrt(2·D), or nn_fac's |D_{k−1} − D_k| &lt; tol
/// every iteration. The loss is also evaluated after the last iteration.
/// </summary>
public static class TensorIterations
{
    public const int CheckEvery = 10;

    public static (int Iterations, bool Converged, double Loss, IReadOnlyList<LossPoint> History) Run(
        NmfOptions options, Action step, Func<double> loss, CancellationToken cancellation)
    {
        var history = new List<LossPoint>();
        var current = loss();
        Record(0, current);
        var errorAtInit = Math.Sqrt(2 * Math.Max(current, 0));
        var previousError = errorAtInit;
        var previousLoss = current;
        var iterations = 0;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            step();
            iterations = iteration;
            var scikit = options.Stopping == StoppingRule.ScikitLearn && iteration % CheckEvery == 0;
            var nnFac = options.Stopping == StoppingRule.NnFac;
            if (!scikit && !nnFac && iteration != options.MaxIterations) continue;
            current = loss();
            Record(iteration, current);
            if (options.Tolerance <= 0) continue;
            if (scikit)
            {
                var error = Math.Sqrt(2 * Math.Max(current, 0));
                if (errorAtInit == 0 || (previousError - error) / errorAtInit < options.Tolerance) return (iterations, true, current, history);
                previousError = error;
            }
            else if (nnFac)
            {
                if (iteration >= 2 && Math.Abs(previousLoss - current) < options.Tolerance) return (iterations, true, current, history);
                previousLoss = current;
            }
        }
        return (iterations, false, current, history);

        void Record(int iteration, double value)
        {
            history.Add(new LossPoint(iteration, value));
            options.OnLoss?.Invoke(iteration, value);
        }
    }
}
