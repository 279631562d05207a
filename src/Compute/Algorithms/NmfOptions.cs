namespace NmfGrid.Compute.Algorithms;

/// <summary>How the loop decides it has converged.</summary>
public enum StoppingRule
{
    /// <summary>scikit-learn: every 10 iterations, stop when (previous − error)/initial error &lt; tol, error = sqrt(2·D).</summary>
    ScikitLearn,

    /// <summary>nn_fac: every iteration, stop when |D_{k−1} − D_k| &lt; tol (absolute).</summary>
    NnFac,
}

/// <summary>
/// Everything a solver needs besides the data and the starting factors. Defaults follow scikit-learn's
/// NMF (β=2, 200 iterations, tol 1e-4, no penalty).
/// </summary>
public sealed record NmfOptions
{
    /// <summary>K, the number of templates (columns of W) and activations (rows of H).</summary>
    public required int Rank { get; init; }

    /// <summary>β of the β-divergence: 0 Itakura-Saito, 1 Kullback-Leibler, 2 Euclidean, any real.</summary>
    public double Beta { get; init; } = 2.0;

    public int MaxIterations { get; init; } = 200;

    /// <summary>0 disables the test: exactly MaxIterations run.</summary>
    public double Tolerance { get; init; } = 1e-4;

    public StoppingRule Stopping { get; init; } = StoppingRule.ScikitLearn;

    /// <summary>Penalty weights as scikit-learn's alpha_W / alpha_H / l1_ratio (scaled by the other dimension).</summary>
    public double AlphaW { get; init; }

    public double AlphaH { get; init; }

    public double L1Ratio { get; init; }

    /// <summary>W is not updated (supervised use: known templates).</summary>
    public bool FixW { get; init; }

    /// <summary>H is not updated (learn templates for known activations).</summary>
    public bool FixH { get; init; }

    /// <summary>Columns of W kept as given (semi-supervised use); the others are learned.</summary>
    public IReadOnlyList<int> FixedTemplates { get; init; } = [];

    /// <summary>Seeds every random choice; the same seed gives bit-identical results on one machine and backend.</summary>
    public int Seed { get; init; }

    /// <summary>Model-specific settings by name (see <see cref="INmfAlgorithm.Parameters"/>); empty for the plain solvers.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Called with (iteration, loss) whenever the loss is evaluated, for live curves.</summary>
    public Action<int, double>? OnLoss { get; init; }
}
