using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Initialisation;

/// <summary>The caller's own W0 (F×K) and H0 (K×T), from <see cref="InitialisationRequest"/>; shapes and entries are checked.</summary>
public sealed class CustomInitialisation : IInitialisation
{
    public string Name => "custom";

    public string Description => "user-supplied W0 and H0";

    public (Matrix<T> W, Matrix<T> H) Create<T>(Matrix<T> v, InitialisationRequest request, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w0 = request.W0 ?? throw new ArgumentException("Initialisation 'custom' needs W0 in the request; none was given.", nameof(request));
        var h0 = request.H0 ?? throw new ArgumentException("Initialisation 'custom' needs H0 in the request; none was given.", nameof(request));
        NmfInputValidation.CheckShape(w0, "W0", v.RowCount, request.Rank);
        NmfInputValidation.CheckShape(h0, "H0", request.Rank, v.ColumnCount);
        NmfInputValidation.CheckEntries(w0, "W0");
        NmfInputValidation.CheckEntries(h0, "H0");
        return (Convert<T>(w0), Convert<T>(h0));
    }

    /// <summary>A float64 matrix as a fresh dense matrix of T.</summary>
    internal static Matrix<T> Convert<T>(Matrix<double> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var source = ColumnMajor.Values(matrix);
        var values = new T[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            values[i] = T.CreateTruncating(source[i]);
        }

        return ColumnMajor.Wrap(matrix.RowCount, matrix.ColumnCount, values);
    }
}
