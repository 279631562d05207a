using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// Every check on an NMF request, in one place, before any numerics run (as scikit-learn validates in
/// one place). Failures are <see cref="ArgumentException"/>s (or <see cref="ArgumentOutOfRangeException"/>)
/// whose message names the matrix or option at fault and the offending value.
/// </summary>
public static class NmfInputValidation
{
    /// <summary>Options that make no sense for any solver: rank ≤ 0, MaxIterations &lt; 1, Tolerance &lt; 0, …</summary>
    public static void CheckOptions(NmfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rank <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Rank, $"Rank must be at least 1, got {options.Rank}.");
        }

        if (options.MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations,
                $"MaxIterations must be at least 1, got {options.MaxIterations}.");
        }

        if (!(options.Tolerance >= 0) || double.IsInfinity(options.Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Tolerance,
                $"Tolerance must be a finite number ≥ 0 (0 runs exactly MaxIterations), got {options.Tolerance}.");
        }

        if (!double.IsFinite(options.Beta))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Beta, $"Beta must be a finite number, got {options.Beta}.");
        }

        CheckPenalty(options.AlphaW, nameof(options.AlphaW));
        CheckPenalty(options.AlphaH, nameof(options.AlphaH));
        if (!(options.L1Ratio is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.L1Ratio, $"L1Ratio must lie in [0, 1], got {options.L1Ratio}.");
        }

        foreach (var column in options.FixedTemplates)
        {
            if (column < 0 || column >= options.Rank)
            {
                throw new ArgumentOutOfRangeException(nameof(options), column,
                    $"FixedTemplates lists template {column}, outside 0..{options.Rank - 1} (rank {options.Rank}).");
            }
        }
    }

    /// <summary>Every model parameter given is one the solver declares, and in its range; the message names it.</summary>
    public static void CheckParameters(INmfAlgorithm solver, NmfOptions options)
    {
        var declared = solver.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var name in options.Parameters.Keys.Where(n => !declared.ContainsKey(n)))
        {
            var known = declared.Count == 0 ? "it has none" : "known: " + string.Join(", ", declared.Keys.Order());
            throw new ArgumentException($"Algorithm '{solver.Name}' has no parameter '{name}' ({known}).");
        }
        foreach (var parameter in declared.Values)
        {
            parameter.ValueIn(options);
        }
    }

    /// <summary>
    /// V must be finite and ≥ 0, and may hold no zeros when β ≤ 0 (IS and below divide by V's zeros;
    /// scikit-learn refuses the same).
    /// </summary>
    public static void CheckData<T>(Matrix<T> v, NmfOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.RowCount == 0 || v.ColumnCount == 0)
        {
            throw new ArgumentException($"V is empty ({v.RowCount}×{v.ColumnCount}).", nameof(v));
        }

        CheckEntries(v, "V");
        if (options.Beta <= 0 && TensorPrimitives.Min<T>(ColumnMajor.Values(v)) == T.Zero)
        {
            var (row, column) = FirstZero(v);
            throw new ArgumentException(
                $"V has a zero at ({row}, {column}) and Beta = {options.Beta} ≤ 0: the β-divergence is infinite there " +
                "and the solver may diverge. Add a small constant to V or use Beta > 0.", nameof(v));
        }
    }

    /// <summary>Starting factors: W0 must be F×K and H0 K×T (K = options.Rank), both finite and ≥ 0.</summary>
    public static void CheckFactors<T>(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(w0);
        ArgumentNullException.ThrowIfNull(h0);
        CheckShape(w0, "W0", v.RowCount, options.Rank);
        CheckShape(h0, "H0", options.Rank, v.ColumnCount);
        CheckEntries(w0, "W0");
        CheckEntries(h0, "H0");
    }

    /// <summary>The SVD-based initialisations need K ≤ min(F, T).</summary>
    public static void CheckSvdRank(int rows, int columns, int rank, string initialisation)
    {
        if (rank > Math.Min(rows, columns))
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank,
                $"Initialisation '{initialisation}' needs Rank ≤ min(F, T) = {Math.Min(rows, columns)} for V {rows}×{columns}; got Rank {rank}.");
        }
    }

    /// <summary>A matrix must be expectedRows × expectedColumns; the message names it.</summary>
    public static void CheckShape<T>(Matrix<T> matrix, string name, int expectedRows, int expectedColumns)
        where T : struct, IEquatable<T>, IFormattable
    {
        if (matrix.RowCount != expectedRows || matrix.ColumnCount != expectedColumns)
        {
            throw new ArgumentException(
                $"{name} is {matrix.RowCount}×{matrix.ColumnCount} but must be {expectedRows}×{expectedColumns}.", name);
        }
    }

    /// <summary>Every entry finite and ≥ 0; otherwise names the matrix, the first (row, column) in storage order, and the value.</summary>
    public static void CheckEntries<T>(Matrix<T> matrix, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = ColumnMajor.Values(matrix);
        if (values.Length == 0)
        {
            return;
        }

        // Fast path: Min propagates NaN, so a finite Min ≥ 0 and a finite Max clear the whole matrix.
        var min = TensorPrimitives.Min<T>(values);
        var max = TensorPrimitives.Max<T>(values);
        if (min >= T.Zero && T.IsFinite(max))
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var x = values[i];
            if (!(x >= T.Zero) || !T.IsFinite(x))
            {
                var (row, column) = (i % matrix.RowCount, i / matrix.RowCount);
                var what = T.IsNaN(x) ? "NaN" : T.IsInfinity(x) ? "infinite" : "negative";
                throw new ArgumentException(
                    $"{name} must be finite and nonnegative, but {name}[{row}, {column}] = {x} is {what}.", name);
            }
        }
    }

    private static void CheckPenalty(double alpha, string name)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(name, alpha, $"{name} must be a finite number ≥ 0, got {alpha}.");
        }
    }

    private static (int Row, int Column) FirstZero<T>(Matrix<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = ColumnMajor.Values(v);
        var i = Array.IndexOf(values, T.Zero);
        return (i % v.RowCount, i / v.RowCount);
    }
}
