namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// A run of columns [Start, Start+Count) of V and H with its own buffers for WH and the numerator terms (F×Count).
/// H's columns of the block, and its numerator and denominator, are read and written in place in the solver's K×T
/// arrays (a run of columns of a column-major matrix is contiguous). The whole-matrix block aliases the solver's full
/// arrays, so the unblocked path copies nothing.
/// </summary>
internal sealed record ColumnBlock<T>(int Start, int Count, T[] WH, T[] NumeratorTerms)
{
    /// <summary>The one block that is the whole matrix, its buffers the solver's own.</summary>
    public bool IsWhole { get; init; }

    public static (T[] WH, T[] Terms) Buffers(int rows, int count) => (new T[rows * count], new T[rows * count]);
}
