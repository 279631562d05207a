namespace NmfGrid.Compute.Tests.LinearAlgebra;

/// <summary>
/// Native thread counts are process-wide, so every test that creates a native backend runs in this one
/// collection, never in parallel with another that sets a different count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeBlasCollection
{
    public const string Name = "native BLAS";
}
