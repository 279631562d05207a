using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Compute.Tensors;

/// <summary>
/// What a tensor model returns: one factor A_n (I_n × R_n) per mode and, for Tucker, the core G (R0×R1×R2);
/// for CP every R_n is the rank and the core is the superdiagonal of ones, left implicit (Core is null).
/// The loss is the β-divergence between the tensor and the model, as the matrix solvers report it.
/// </summary>
public sealed record TensorResult(
    string Model,
    IReadOnlyList<Matrix<double>> Factors,
    Tensor3? Core,
    int Iterations,
    bool Converged,
    double Loss,
    IReadOnlyList<LossPoint> LossHistory,
    double Seconds,
    string Backend,
    int Threads);
