using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Tensors;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// The factorisation step of <see cref="TrackPipeline"/> for a tensor model: the task's tensor is factorised, then
/// mapped by <see cref="TensorTemplates"/> onto the W (templates) and H (activations) every task scores, the whole
/// model riding along in <see cref="NmfResult{T}.Tensor"/>. Tasks need no tensor-specific code beyond preparing the tensor.
/// </summary>
public static class TensorStep
{
    /// <summary>
    /// Before any job: a tensor model needs a task whose settings make a tensor (<see cref="ITensorTask"/>);
    /// the error names algorithm.name and the task.
    /// </summary>
    public static void CheckPairing(IMirTask task, ITaskSettings taskSettings, NmfSettings nmf)
    {
        if (!TensorFactorization.IsTensorModel(nmf.Solver)) return;
        if (task is ITensorTask tensorTask && tensorTask.PreparesTensor(taskSettings)) return;
        throw new ConfigKeyException("algorithm.name",
            $"'{nmf.Algorithm}' factorises a 3-way tensor, but task '{task.Name}' with these settings prepares only a matrix " +
            $"(docs/tasks/{task.Name}.md names the setting that makes a tensor)");
    }

    public static NmfResult<double> Run(IMirTask task, string trackId, TaskInput input, NmfSettings nmf, IBlas blas,
                                        CancellationToken cancellation)
    {
        var tensor = input.Tensor ?? throw new ArgumentException(
            $"Algorithm '{nmf.Algorithm}' factorises a 3-way tensor, but task '{task.Name}' prepared only a " +
            $"{input.V.RowCount}×{input.V.ColumnCount} matrix for track '{trackId}' (docs/tasks/{task.Name}.md names the setting that makes a tensor).");
        var request = new TensorStartRequest
        {
            FrequencyMode = tensor.FrequencyMode,
            Frequencies = tensor.FrequencyMode is null ? null : input.RowFrequencies,
        };
        var result = TensorFactorization.Run(tensor.X, nmf.Algorithm, nmf.Initialisation, nmf.Options, blas, request, cancellation);
        return TensorTemplates.ToMatrixResult(result, tensor.Layout, blas);
    }
}
