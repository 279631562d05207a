using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Structure;

/// <summary>
/// The CBM kernels (as_seg compute_all_kernels; mir-tasks §4.4): K_p[i, j] = 1 when 1 ≤ |i − j| ≤ b, else 0, for a
/// segment of p bars; b = null is the full kernel (ones off the diagonal). A band keeps only the similarities of bars
/// close in time, so a segment is not rewarded for far-apart repetitions.
/// </summary>
public static class BandKernel
{
    public static Matrix<double> Create(int size, int? bands) =>
        Matrix<double>.Build.Dense(size, size, (i, j) => Weight(i, j, bands));

    public static double Weight(int i, int j, int? bands)
    {
        var d = Math.Abs(i - j);
        return d >= 1 && (bands is null || d <= bands) ? 1 : 0;
    }
}
