namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// A run of consecutive column blocks that one thread walks, with its own block buffers and its own F×K sums
/// for W's numerator and denominator (the first group's are the solver's arrays). The solver adds the groups'
/// sums in group order, so the result depends on how many groups there are, never on which thread ran first.
/// </summary>
internal sealed record ColumnBlockGroup<T>(ColumnBlock<T>[] Blocks, T[] NumeratorW, T[] DenominatorW)
{
    /// <summary>The KL loss's V terms, Σ_kept V·log(V/WH), over this group's columns (<see cref="MultiplicativeUpdate"/>).</summary>
    public double SumVLogRatio { get; set; }

    /// <summary>D_β over this group's columns, for β ∉ {1, 2} (<see cref="MultiplicativeUpdate"/>).</summary>
    public double Divergence { get; set; }
}
