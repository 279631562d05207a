namespace NmfGrid.Compute.Algorithms;

/// <summary>How one entry w of a template column minimises its min-vol MM surrogate, given the multiplier μ.</summary>
internal enum SimplexRule
{
    /// <summary>β=1: 2λa'·w² + (C+μ)·w − c = 0, so w = s·(sqrt((C+μ)² + S) − (C+μ)); coefficients (C, S, s).</summary>
    KullbackLeibler,

    /// <summary>β=0: the positive root of a·w³ + (b+μ)·w² + d = 0 (d ≤ 0, a &gt; 0); coefficients (a, b, d).</summary>
    ItakuraSaito,

    /// <summary>β=2: w = max(0, r·(N − μ)); coefficients (N, r, unused).</summary>
    Euclidean,
}

/// <summary>
/// The W step of min-vol β-NMF under the simplex constraint Σ_f W_fk = 1, solved exactly for one column
/// (Leplat, Gillis &amp; Ang, IEEE TSP 2020; the Lagrangian form of Leplat, Gillis &amp; Idier, SIMAX 2021):
/// each entry minimises its separable surrogate plus μ·w, and μ is found so that the column sums to 1.
/// Σ_f w_f(μ) is decreasing in μ; μ comes from Newton's method kept inside a bracket (bisection when a Newton
/// step leaves it), which for the convex KL and Euclidean cases is plain Newton.
/// </summary>
internal static class SimplexColumnStep
{
    private const int MaxSteps = 200;

    /// <summary>|Σ w − 1| at which μ is accepted.</summary>
    private const double SumTolerance = 1e-13;

    /// <summary>Finds μ and writes w(μ) into <paramref name="w"/>; returns μ.</summary>
    public static double Solve(SimplexRule rule, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> w)
    {
        var mu = rule == SimplexRule.Euclidean ? EuclideanStart(x, y) : 0.0;
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity, step = 1.0;
        for (var count = 0; count < MaxSteps; count++)
        {
            var (excess, slope) = Evaluate(rule, mu, x, y, z, w);
            if (Math.Abs(excess) <= SumTolerance)
            {
                break;
            }

            if (excess > 0)
            {
                lo = mu;
            }
            else
            {
                hi = mu;
            }

            var next = slope < 0 ? mu - excess / slope : double.NaN;
            if (!(next > lo && next < hi))
            {
                // Newton left the bracket (or the sum is flat): bisect, or walk out until the root is bracketed.
                step = Math.Max(step * 2, Math.Abs(mu));
                next = double.IsFinite(lo) && double.IsFinite(hi) ? 0.5 * (lo + hi) : excess > 0 ? mu + step : mu - step;
            }

            if (next == mu)
            {
                break;
            }

            mu = next;
        }

        Evaluate(rule, mu, x, y, z, w);
        return mu;
    }

    /// <summary>Σ_f w_f(μ) − 1 and its derivative in μ; writes w(μ).</summary>
    private static (double Excess, double Slope) Evaluate(SimplexRule rule, double mu, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
                                                         ReadOnlySpan<double> z, Span<double> w)
    {
        double sum = 0, slope = 0;
        for (var f = 0; f < w.Length; f++)
        {
            double value, derivative;
            switch (rule)
            {
                case SimplexRule.KullbackLeibler:
                {
                    // s·(sqrt(u² + S) − u), u = C + μ, written without cancellation when u > 0
                    var u = x[f] + mu;
                    var root = Math.Sqrt(u * u + y[f]);
                    value = z[f] * (u > 0 ? y[f] / (root + u) : root - u);
                    derivative = root > 0 ? -value / root : 0;
                    break;
                }
                case SimplexRule.ItakuraSaito:
                {
                    var b = y[f] + mu;
                    value = CubicRoot(x[f], b, z[f]);
                    var curvature = 3 * x[f] * value + 2 * b;
                    derivative = value > 0 && curvature > 0 ? -value / curvature : 0;
                    break;
                }
                default:
                {
                    value = Math.Max(0, y[f] * (x[f] - mu));
                    derivative = value > 0 ? -y[f] : 0;
                    break;
                }
            }

            w[f] = value;
            sum += value;
            slope += derivative;
        }

        return (sum - 1, slope);
    }

    /// <summary>
    /// The positive root of a·w³ + b·w² + d = 0 (a &gt; 0, d ≤ 0; there is exactly one). Newton from the upper
    /// bound max(−b/a, 0) + (−d/a)^(1/3), where the cubic is increasing and convex, so the iterates fall
    /// monotonically onto the root.
    /// </summary>
    public static double CubicRoot(double a, double b, double d)
    {
        if (d == 0)
        {
            return Math.Max(0, -b / a);
        }

        var w = Math.Max(-b / a, 0) + Math.Cbrt(-d / a);
        for (var count = 0; count < 100; count++)
        {
            var g = (a * w + b) * w * w + d;
            var next = w - g / ((3 * a * w + 2 * b) * w);
            if (!(next < w))
            {
                break;
            }

            w = next;
        }

        return w;
    }

    /// <summary>With every entry active, Σ r(N − μ) = 1 gives μ = (Σ rN − 1)/Σ r, left of the root (max(0, ·) only adds).</summary>
    private static double EuclideanStart(ReadOnlySpan<double> numerator, ReadOnlySpan<double> rate)
    {
        double weighted = 0, total = 0;
        for (var f = 0; f < numerator.Length; f++)
        {
            weighted += rate[f] * numerator[f];
            total += rate[f];
        }

        return total > 0 ? (weighted - 1) / total : 0;
    }
}
