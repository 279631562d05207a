using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Structure;

/// <summary>
/// A track prepared for structure analysis: V is the barwise TF matrix in audio orientation (F·subdivision rows, a
/// column per bar), or its transpose with settings.BarsAsRows (the seed's orientation), with the bars it came from
/// and the reference sections.
/// </summary>
public sealed record StructureInput(
    Matrix<double> V,
    IReadOnlyList<Bar> Bars,
    IReadOnlyList<Bar> ColumnBars,
    IReadOnlyList<Section> Reference,
    StructureSettings Settings) : TaskInput(V);
