using NmfGrid.Compute.Tensors;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// The 3-way tensor a task prepared beside V, for the tensor models, with how its model reads as W and H
/// (<see cref="TensorLayout"/>) and which mode, if any, holds V's frequency bins (for the harmonic start).
/// The layout must make W·H model V: V is the tensor unfolded (or summed over its channel mode) accordingly.
/// </summary>
public sealed record TaskTensor(Tensor3 X, TensorLayout Layout, int? FrequencyMode = null);
