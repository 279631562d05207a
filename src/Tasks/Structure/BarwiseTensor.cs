using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Tensors;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Structure;

/// <summary>
/// The barwise tensor of Marmoret et al. (ISMIR 2020): bar × frequency × subdivision, X[b, f, k] = V[f·subdivision + k, b],
/// the same numbers as <see cref="BarwiseMatrix"/> folded back into their three axes. Nonnegative Tucker of it gives a bar
/// factor Q (bars × R_bar) whose rows are the bar features; as a task tensor its activations are Q's columns (mode 0),
/// and its W columns are the patterns G ×1 W ×2 H flattened frequency-major, exactly the rows of the barwise matrix.
/// </summary>
public static class BarwiseTensor
{
    public static Tensor3 FromMatrix(Matrix<double> v, int subdivision)
    {
        if (subdivision < 1 || v.RowCount % subdivision != 0)
            throw new ArgumentException($"A barwise matrix of {v.RowCount} rows is not frequency × subdivision {subdivision}.", nameof(subdivision));
        var bins = v.RowCount / subdivision;
        return Tensor3.Build(v.ColumnCount, bins, subdivision, (bar, f, k) => v[f * subdivision + k, bar]);
    }

    /// <summary>The task tensor: activations over bars (mode 0), templates over (frequency, subdivision).</summary>
    public static TaskTensor ForTask(Matrix<double> v, int subdivision) =>
        new(FromMatrix(v, subdivision), new TensorLayout(ActivationMode: 0));
}
