using System.Numerics;

namespace NmfGrid.Compute.Algorithms;

/// <summary>The step every multiplicative solver ends an update with, once numerator and denominator are formed.</summary>
internal static class MultiplicativeStep
{
    /// <summary>
    /// factor ← factor .* (num ./ den)^γ, after den += l1, den += l2·factor and den == 0 → eps32; then,
    /// where asked, entries below eps64 become 0. Columns marked fixed keep their values.
    /// </summary>
    public static void Apply<T>(T[] factor, T[] numerator, T[] denominator, int rows, double gamma, double l1, double l2,
                                bool zeroTiny, Func<int, bool>? isFixedColumn)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Apply<T>(factor.AsSpan(), numerator, denominator, rows, gamma, l1, l2, zeroTiny, isFixedColumn);

    /// <summary><see cref="Apply{T}(T[], T[], T[], int, double, double, double, bool, Func{int, bool}?)"/> on a run of whole columns (a block of H's).</summary>
    public static void Apply<T>(Span<T> factor, ReadOnlySpan<T> numerator, ReadOnlySpan<T> denominator, int rows, double gamma, double l1, double l2,
                                bool zeroTiny, Func<int, bool>? isFixedColumn)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var eps32 = T.CreateTruncating(MultiplicativeUpdate.Eps32);
        var eps64 = T.CreateTruncating(MultiplicativeUpdate.Eps64);
        var l1T = T.CreateTruncating(l1);
        var l2T = T.CreateTruncating(l2);
        var gammaT = T.CreateTruncating(gamma);
        if (IsPlain(gamma, l1, l2, isFixedColumn is null))
        {
            Plain(factor, numerator, denominator, eps32, zeroTiny ? eps64 : T.Zero);
            return;
        }

        var columns = factor.Length / rows;
        for (var c = 0; c < columns; c++)
        {
            if (isFixedColumn is not null && isFixedColumn(c))
            {
                continue;
            }

            for (var i = c * rows; i < (c + 1) * rows; i++)
            {
                var den = denominator[i];
                if (l1 > 0)
                {
                    den += l1T;
                }

                if (l2 > 0)
                {
                    den += l2T * factor[i];
                }

                if (den == T.Zero)
                {
                    den = eps32;
                }

                var ratio = numerator[i] / den;
                if (gamma == 0.5)
                {
                    ratio = T.Sqrt(ratio);
                }
                else if (gamma != 1.0)
                {
                    ratio = T.Pow(ratio, gammaT);
                }

                var updated = factor[i] * ratio;
                factor[i] = zeroTiny && updated < eps64 ? T.Zero : updated;
            }
        }
    }

    /// <summary>Whether the step is the common case <see cref="Plain"/> takes: γ = 1, no penalty, no fixed column.</summary>
    public static bool IsPlain(double gamma, double l1, double l2, bool noFixedColumn) =>
        gamma == 1.0 && l1 <= 0 && l2 <= 0 && noFixedColumn;

    /// <summary>
    /// <see cref="Plain"/> where the denominator is one value down each column (β=1's W update: rowsum(H)[c]),
    /// so no F×K array of copies is written and read. The same operations on the same values, so the same bits.
    /// </summary>
    public static void PlainByColumn<T>(T[] factor, T[] numerator, ReadOnlySpan<T> columnDenominators, int rows, T eps32, T tiny)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var c = 0; c < columnDenominators.Length; c++)
        {
            var d = columnDenominators[c] == T.Zero ? eps32 : columnDenominators[c];
            var f = factor.AsSpan(c * rows, rows);
            var n = numerator.AsSpan(c * rows, rows);
            var i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                var den = new Vector<T>(d);
                var below = new Vector<T>(tiny);
                for (; i <= rows - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var updated = new Vector<T>(f[i..]) * (new Vector<T>(n[i..]) / den);
                    Vector.ConditionalSelect(Vector.LessThan(updated, below), Vector<T>.Zero, updated).CopyTo(f[i..]);
                }
            }

            for (; i < rows; i++)
            {
                var updated = f[i] * (n[i] / d);
                f[i] = updated < tiny ? T.Zero : updated;
            }
        }
    }

    /// <summary>
    /// The common case (γ = 1, no penalty, no fixed column) in SIMD: factor ← factor .* (num ./ den), den == 0 → eps32,
    /// entries below <paramref name="tiny"/> → 0. The same operations in the same order as the general loop, so
    /// the same bits.
    /// </summary>
    private static void Plain<T>(Span<T> factor, ReadOnlySpan<T> numerator, ReadOnlySpan<T> denominator, T eps32, T tiny)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var eps = new Vector<T>(eps32);
            var below = new Vector<T>(tiny);
            for (; i <= factor.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var den = new Vector<T>(denominator[i..]);
                den = Vector.ConditionalSelect(Vector.Equals(den, Vector<T>.Zero), eps, den);
                var updated = new Vector<T>(factor[i..]) * (new Vector<T>(numerator[i..]) / den);
                updated = Vector.ConditionalSelect(Vector.LessThan(updated, below), Vector<T>.Zero, updated);
                updated.CopyTo(factor[i..]);
            }
        }

        for (; i < factor.Length; i++)
        {
            var den = denominator[i] == T.Zero ? eps32 : denominator[i];
            var updated = factor[i] * (numerator[i] / den);
            factor[i] = updated < tiny ? T.Zero : updated;
        }
    }
}
