using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// A dense 3-way array I0×I1×I2 in column-major order (the first index varies fastest): element (i, j, k) is
/// Data[i + I0·(j + I1·k)], as a .npy array read by NmfGrid and as Math.NET stores matrices. Unfoldings follow
/// Kolda &amp; Bader (SIAM Review 51(3), 2009): X_(n) is I_n × (product of the others), its columns ordered with the
/// lower remaining mode fastest. So X_(0) is Data as it stands and X_(2)ᵀ is Data read as (I0·I1)×I2.
/// </summary>
public sealed class Tensor3
{
    public Tensor3(int i0, int i1, int i2, double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (i0 < 0 || i1 < 0 || i2 < 0)
            throw new ArgumentException($"A tensor's dimensions must not be negative, got {i0}×{i1}×{i2}.", nameof(data));
        if ((long)i0 * i1 * i2 != data.Length)
            throw new ArgumentException($"A {i0}×{i1}×{i2} tensor holds {(long)i0 * i1 * i2} entries, the data has {data.Length}.", nameof(data));
        Shape = [i0, i1, i2];
        Data = data;
    }

    public static Tensor3 Zeros(int i0, int i1, int i2) => new(i0, i1, i2, new double[checked(i0 * i1 * i2)]);

    public static Tensor3 Build(int i0, int i1, int i2, Func<int, int, int, double> entry)
    {
        var t = Zeros(i0, i1, i2);
        for (var k = 0; k < i2; k++)
            for (var j = 0; j < i1; j++)
                for (var i = 0; i < i0; i++)
                    t.Data[i + i0 * (j + i1 * k)] = entry(i, j, k);
        return t;
    }

    /// <summary>I0, I1, I2.</summary>
    public int[] Shape { get; }

    /// <summary>The entries, column-major; solvers read and write it directly.</summary>
    public double[] Data { get; }

    public int Size => Data.Length;

    public double this[int i, int j, int k]
    {
        get => Data[i + Shape[0] * (j + Shape[1] * k)];
        set => Data[i + Shape[0] * (j + Shape[1] * k)] = value;
    }

    /// <summary>"I0×I1×I2", for messages.</summary>
    public string Describe() => $"{Shape[0]}×{Shape[1]}×{Shape[2]}";

    public Tensor3 Clone() => new(Shape[0], Shape[1], Shape[2], (double[])Data.Clone());

    /// <summary>The product of every dimension but <paramref name="mode"/>: the column count of X_(mode).</summary>
    public int Others(int mode) => Size == 0 ? 0 : Size / Shape[CheckMode(mode)];

    /// <summary>X_(n), I_n × (product of the others), as a new column-major array.</summary>
    public double[] Unfold(int mode)
    {
        CheckMode(mode);
        int i0 = Shape[0], i1 = Shape[1], i2 = Shape[2];
        if (mode == 0) return (double[])Data.Clone();
        var result = new double[Size];
        if (mode == 1)
        {
            // X_(1)[j, i + I0·k] = X[i, j, k]
            for (var k = 0; k < i2; k++)
                for (var j = 0; j < i1; j++)
                    for (var i = 0; i < i0; i++)
                        result[j + i1 * (i + i0 * k)] = Data[i + i0 * (j + i1 * k)];
            return result;
        }

        // X_(2)[k, i + I0·j] = X[i, j, k]: the transpose of Data read as (I0·I1)×I2
        var rows = i0 * i1;
        for (var k = 0; k < i2; k++)
            for (var c = 0; c < rows; c++)
                result[k + i2 * c] = Data[c + rows * k];
        return result;
    }

    /// <summary>The inverse of <see cref="Unfold"/>: the tensor of the given shape whose mode-n unfolding is <paramref name="unfolded"/>.</summary>
    public static Tensor3 Fold(double[] unfolded, int mode, int i0, int i1, int i2)
    {
        CheckMode(mode);
        if (mode == 0) return new Tensor3(i0, i1, i2, unfolded);
        var t = Zeros(i0, i1, i2);
        if (mode == 1)
        {
            for (var k = 0; k < i2; k++)
                for (var j = 0; j < i1; j++)
                    for (var i = 0; i < i0; i++)
                        t.Data[i + i0 * (j + i1 * k)] = unfolded[j + i1 * (i + i0 * k)];
            return t;
        }

        var rows = i0 * i1;
        for (var k = 0; k < i2; k++)
            for (var c = 0; c < rows; c++)
                t.Data[c + rows * k] = unfolded[k + i2 * c];
        return t;
    }

    /// <summary>
    /// The mode-n product Y = X ×_n op(M), Y_(n) = op(M)·X_(n), with op(M) J×I_n: M is stored J×I_n, or I_n×J when
    /// <paramref name="transpose"/> (so X ×_n Aᵀ for a factor A stored I_n×R). One GEMM; mode 1 unfolds and folds back.
    /// </summary>
    public Tensor3 ModeProduct(int mode, Matrix<double> m, bool transpose, IBlas blas)
    {
        CheckMode(mode);
        var rows = transpose ? m.ColumnCount : m.RowCount;
        var inner = transpose ? m.RowCount : m.ColumnCount;
        if (inner != Shape[mode])
            throw new ArgumentException(
                $"Mode-{mode} product of a {Describe()} tensor needs a matrix with {Shape[mode]} {(transpose ? "rows" : "columns")}, got {m.RowCount}×{m.ColumnCount}.",
                nameof(m));
        var shape = (int[])Shape.Clone();
        shape[mode] = rows;
        var others = Others(mode);
        var values = ColumnMajor.Values(m);
        var result = new double[(long)rows * others];
        if (result.Length == 0) return new Tensor3(shape[0], shape[1], shape[2], result);
        switch (mode)
        {
            case 0: // Y_(0) = op(M)·Data(I0 × I1I2)
                blas.Gemm(transpose, false, rows, others, inner, 1.0, values, Data, 0.0, result);
                return new Tensor3(shape[0], shape[1], shape[2], result);
            case 2: // Y_(2)ᵀ = Data(I0I1 × I2)·op(M)ᵀ
                blas.Gemm(false, !transpose, others, rows, inner, 1.0, Data, values, 0.0, result);
                return new Tensor3(shape[0], shape[1], shape[2], result);
            default:
                blas.Gemm(transpose, false, rows, others, inner, 1.0, values, Unfold(1), 0.0, result);
                return Fold(result, 1, shape[0], shape[1], shape[2]);
        }
    }

    /// <summary>Σ x².</summary>
    public double SquaredNorm()
    {
        double sum = 0;
        foreach (var x in Data) sum += x * x;
        return sum;
    }

    private static int CheckMode(int mode) =>
        mode is >= 0 and <= 2 ? mode : throw new ArgumentOutOfRangeException(nameof(mode), mode, "A 3-way tensor has modes 0, 1 and 2.");
}
