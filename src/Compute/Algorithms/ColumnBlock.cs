namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// A run of columns [Start, Start+Count) of V and H with its own buffers: H's columns (K×Count), WH, the
/// numerator terms (F×Count) and H's numerator and denominator (K×Count). The whole-matrix block aliases the
/// solver's full arrays, so the unblocked path copies nothing.
/// </summary>
internal sealed record ColumnBlock<T>(int Start, int Count, int Rank, T[] WH, T[] NumeratorTerms, T[] H, T[] NumeratorH,
                                      T[] DenominatorH)
{
    /// <summary>The one block that is the whole matrix, its buffers the solver's own.</summary>
    public bool IsWhole { get; init; }

    public static (T[] WH, T[] Terms, T[] H, T[] NumeratorH, T[] DenominatorH) Buffers(int rows, int rank, int count) =>
        (new T[rows * count], new T[rows * count], new T[rank * count], new T[rank * count], new T[rank * count]);

    /// <summary>Copies H's columns of this block in (nothing to do when H is the solver's own).</summary>
    public void LoadH(T[] solverH)
    {
        if (!ReferenceEquals(H, solverH))
        {
            Array.Copy(solverH, Start * Rank, H, 0, Count * Rank);
        }
    }

    /// <summary>Writes a K×Count result into columns Start.. of a K×T matrix (nothing to do when it is that matrix).</summary>
    public void StoreH(T[] blockResult, T[] full)
    {
        if (!ReferenceEquals(blockResult, full))
        {
            Array.Copy(blockResult, 0, full, Start * Rank, Count * Rank);
        }
    }
}
