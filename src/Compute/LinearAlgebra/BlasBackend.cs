namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>Which BLAS to use. Auto prefers MKL on Intel CPUs and OpenBLAS elsewhere, then managed.</summary>
public enum BlasBackend
{
    Auto,
    Mkl,
    OpenBlas,
    Managed,
}
