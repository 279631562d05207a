using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Compute.Tensors;

/// <summary>Starting point of a tensor solver: a factor per mode (I_n × R_n) and, for Tucker, the core (R0×R1×R2).</summary>
public sealed record TensorStart(IReadOnlyList<Matrix<double>> Factors, Tensor3? Core);
