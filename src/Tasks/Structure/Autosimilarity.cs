using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Structure;

/// <summary>
/// Bar-to-bar self-similarity matrices, as as_seg 0.1.11 autosimilarity_computation computes them (mir-tasks §4.3).
/// Input: one row per bar. Output: a symmetric bars × bars matrix.
/// </summary>
public static class Autosimilarity
{
    /// <summary>Stands in for every entry of a zero row after normalisation (the seed's NaN replacement).</summary>
    public const double ZeroRowValue = 1e-10;

    public static SimilarityKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cosine" => SimilarityKind.Cosine,
        "covariance" or "autocorrelation" => SimilarityKind.Covariance,
        "rbf" => SimilarityKind.Rbf,
        _ => throw new ArgumentException($"Unknown similarity '{name}'. Known: cosine, covariance (autocorrelation), rbf.", nameof(name)),
    };

    /// <summary>
    /// cosine: Xn·Xnᵀ (Xn = rows L2-normalised); covariance: the same on X minus its column means (normalised when
    /// <paramref name="normalise"/>); rbf: exp(−γ‖x̂_i − x̂_j‖²) on rows normalised when <paramref name="normalise"/>,
    /// γ = <paramref name="gamma"/> or 1/(2·std_pop{‖x̂_i − x̂_j‖, i ≠ j}).
    /// </summary>
    public static Matrix<double> Compute(Matrix<double> bars, SimilarityKind kind, double? gamma = null, bool normalise = true)
    {
        switch (kind)
        {
            case SimilarityKind.Cosine:
            {
                var xn = NormaliseRows(bars);
                return Gram(xn);
            }
            case SimilarityKind.Covariance:
            {
                var means = bars.ColumnSums() / bars.RowCount;
                var centred = bars.Clone();
                for (var i = 0; i < centred.RowCount; i++) centred.SetRow(i, centred.Row(i) - means);
                if (normalise) centred = NormaliseRows(centred);
                return Gram(centred);
            }
            case SimilarityKind.Rbf:
            {
                var x = normalise ? NormaliseRows(bars) : bars;
                var squared = SquaredDistances(x);
                var g = gamma ?? Gamma(squared);
                return squared.Map(d => Math.Exp(-g * d));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown similarity kind.");
        }
    }

    /// <summary>Each row divided by its L2 norm; a zero row becomes <see cref="ZeroRowValue"/> everywhere.</summary>
    // On the column-major array, not through Math.NET's Vector<double> (Row, L2Norm, Divide, SetRow): those are generic
    // code the JIT compiles at a process's first track, tens of milliseconds of the task stage (docs/performance.md). The
    // same arithmetic: the norm is Math.NET's L2Norm, a fold of Hypotenuse over the row from 0, and each entry is x / norm.
    public static Matrix<double> NormaliseRows(Matrix<double> x)
    {
        int rows = x.RowCount, columns = x.ColumnCount;
        var values = x.AsColumnMajorArray() ?? x.ToColumnMajorArray();
        var result = new double[values.Length];
        for (var i = 0; i < rows; i++)
        {
            var norm = 0.0;
            for (var j = 0; j < columns; j++)
                norm = SpecialFunctions.Hypotenuse(norm, values[j * rows + i]);
            for (var j = 0; j < columns; j++)
                result[j * rows + i] = norm == 0 ? ZeroRowValue : values[j * rows + i] / norm;
        }
        return Matrix<double>.Build.Dense(rows, columns, result);
    }

    /// <summary>
    /// X·Xᵀ, each entry the dot product of two rows summed in column order from 0: the bits of Math.NET's managed
    /// <c>x * x.Transpose()</c> (the tests compare them), which this replaces because its first call in a process took
    /// 1.6–5.7 ms of a structure job's task stage, whose later songs take under 1 ms in all. Symmetric: the lower
    /// triangle is the upper one's mirror, as each product is the same in either order.
    /// </summary>
    public static Matrix<double> Gram(Matrix<double> x)
    {
        int n = x.RowCount, k = x.ColumnCount;
        var values = x.AsColumnMajorArray() ?? x.ToColumnMajorArray();
        var rows = new double[n * k]; // row-major, so that each dot product reads two contiguous runs
        for (var l = 0; l < k; l++)
            for (var i = 0; i < n; i++)
                rows[i * k + l] = values[l * n + i];
        var gram = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var a = rows.AsSpan(i * k, k);
            for (var j = i; j < n; j++)
            {
                var b = rows.AsSpan(j * k, k);
                var sum = 0.0;
                for (var l = 0; l < k; l++)
                    sum += a[l] * b[l];
                gram[j * n + i] = sum;
                gram[i * n + j] = sum;
            }
        }
        return Matrix<double>.Build.Dense(n, n, gram);
    }

    /// <summary>γ = 1/(2·σ), σ the population standard deviation of the off-diagonal Euclidean distances (as_seg get_gamma_std).</summary>
    public static double Gamma(Matrix<double> squaredDistances)
    {
        var n = squaredDistances.RowCount;
        var d = new List<double>();
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                if (i != j) d.Add(Math.Sqrt(Math.Max(0, squaredDistances[i, j])));
        if (d.Count == 0) return 1;
        var mean = d.Average();
        var std = Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / d.Count);
        return std > 0 ? 1 / (2 * std) : 1;
    }

    private static Matrix<double> SquaredDistances(Matrix<double> x)
    {
        var n = x.RowCount;
        var gram = Gram(x);
        return Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? 0 : Math.Max(0, gram[i, i] + gram[j, j] - 2 * gram[i, j]));
    }
}
