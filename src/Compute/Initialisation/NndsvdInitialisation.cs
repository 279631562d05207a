using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Initialisation;

/// <summary>What NNDSVD puts where its construction leaves zeros.</summary>
public enum NndsvdFill
{
    /// <summary>'nndsvd': exact zeros (which multiplicative updates can never move).</summary>
    Zeros,

    /// <summary>'nndsvda': the mean of V.</summary>
    Mean,

    /// <summary>'nndsvdar': |mean(V)·N(0,1)/100|, seeded.</summary>
    SmallRandom,
}

/// <summary>
/// Nonnegative double SVD (Boutsidis &amp; Gallopoulos 2008), as scikit-learn builds it (nmf-algorithms.md §1.6):
/// with V ≈ U S Vᵀ, the first pair is sqrt(S₀)·(|u₀|, |v₀|); pair j takes the larger of the positive and
/// negative parts of (u_j, v_j), σ = ‖x±‖‖y±‖, scaled by sqrt(S_j σ). Entries &lt; 1e-6 then become 0.
/// The SVD is exact (Math.NET) for small V, so the sign convention does not matter: flipping a pair swaps
/// its parts; large V uses a converged randomized SVD (see <see cref="TruncatedSvd"/>).
/// </summary>
public sealed class NndsvdInitialisation(NndsvdFill fill) : IInitialisation
{
    // null: exact SVD for small V, randomized above TruncatedSvd.ExactWorkLimit; tests force either path.
    private readonly bool? _exactSvd;

    internal NndsvdInitialisation(NndsvdFill fill, bool exactSvd)
        : this(fill) => _exactSvd = exactSvd;

    /// <summary>scikit-learn's threshold below which NNDSVD entries are set to 0.</summary>
    public const double ZeroBelow = 1e-6;

    public string Name => fill switch
    {
        NndsvdFill.Zeros => "nndsvd",
        NndsvdFill.Mean => "nndsvda",
        _ => "nndsvdar",
    };

    public string Description => fill switch
    {
        NndsvdFill.Zeros => "nonnegative double SVD (Boutsidis & Gallopoulos), zeros kept",
        NndsvdFill.Mean => "NNDSVD with zeros filled by mean(V) (scikit-learn's default for MU)",
        _ => "NNDSVD with zeros filled by small random values, seeded",
    };

    public (Matrix<T> W, Matrix<T> H) Create<T>(Matrix<T> v, InitialisationRequest request, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = v.RowCount, t = v.ColumnCount, k = request.Rank;
        NmfInputValidation.CheckSvdRank(f, t, k, Name);
        var data = ColumnMajor.ToDouble(v);
        var (u, s, vt) = TruncatedSvd.Compute(data, k, request.Seed, blas, _exactSvd);

        var w = new double[f * k];
        var h = new double[k * t];
        for (var j = 0; j < k; j++)
        {
            var x = u.Column(j).ToArray();
            var y = vt.Row(j).ToArray();
            if (j == 0)
            {
                var root = Math.Sqrt(s[0]);
                Place(w, h, j, f, k, x.Select(Math.Abs).ToArray(), y.Select(Math.Abs).ToArray(), root, 1.0, 1.0);
                continue;
            }

            var xp = x.Select(e => Math.Max(e, 0)).ToArray();
            var yp = y.Select(e => Math.Max(e, 0)).ToArray();
            var xn = x.Select(e => Math.Abs(Math.Min(e, 0))).ToArray();
            var yn = y.Select(e => Math.Abs(Math.Min(e, 0))).ToArray();
            double xpNorm = Norm(xp), ypNorm = Norm(yp), xnNorm = Norm(xn), ynNorm = Norm(yn);
            double mp = xpNorm * ypNorm, mn = xnNorm * ynNorm;
            var (a, b, na, nb, sigma) = mp > mn ? (xp, yp, xpNorm, ypNorm, mp) : (xn, yn, xnNorm, ynNorm, mn);
            if (sigma > 0)
            {
                Place(w, h, j, f, k, a, b, Math.Sqrt(s[j] * sigma), na, nb);
            }
        }

        for (var i = 0; i < w.Length; i++)
        {
            w[i] = w[i] < ZeroBelow ? 0 : w[i];
        }

        for (var i = 0; i < h.Length; i++)
        {
            h[i] = h[i] < ZeroBelow ? 0 : h[i];
        }

        if (fill != NndsvdFill.Zeros)
        {
            var mean = data.Enumerate().Average();
            var normal = new GaussianSamples(request.Seed);
            Fill(w, mean, normal);
            Fill(h, mean, normal);
        }

        return (ColumnMajor.Wrap(f, k, Cast<T>(w)), ColumnMajor.Wrap(k, t, Cast<T>(h)));
    }

    // W[:, j] = λ·a/‖a‖, H[j, :] = λ·b/‖b‖
    private static void Place(double[] w, double[] h, int j, int rows, int rank, double[] a, double[] b,
                              double lambda, double aNorm, double bNorm)
    {
        for (var i = 0; i < rows; i++)
        {
            w[j * rows + i] = lambda * a[i] / aNorm;
        }

        for (var c = 0; c < b.Length; c++)
        {
            h[c * rank + j] = lambda * b[c] / bNorm;
        }
    }

    private void Fill(double[] factor, double mean, GaussianSamples normal)
    {
        for (var i = 0; i < factor.Length; i++)
        {
            if (factor[i] == 0)
            {
                factor[i] = fill == NndsvdFill.Mean ? mean : Math.Abs(mean * normal.Next() / 100.0);
            }
        }
    }

    private static double Norm(double[] x) => Math.Sqrt(x.Sum(e => e * e));

    private static T[] Cast<T>(double[] values)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(T.CreateTruncating).ToArray();
}
