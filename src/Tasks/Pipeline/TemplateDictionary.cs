using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// Templates a supervised method learned before it sees the track: the first <c>W.ColumnCount</c> columns of the
/// factorisation's W, kept fixed, each with a label saying what it models (a stem name, a MIDI pitch). The
/// factorisation adds <see cref="FreeComponents"/> templates that it learns on the track itself (semi-supervised
/// methods; 0 for a fully supervised one), so its rank is <c>Count + FreeComponents</c> and `algorithm.rank` is not used.
/// </summary>
public sealed record TemplateDictionary(Matrix<double> W, IReadOnlyList<string> Labels, int FreeComponents = 0)
{
    /// <summary>Number of fixed (learned) templates.</summary>
    public int Count => W.ColumnCount;

    /// <summary>Rank of the factorisation that uses this dictionary.</summary>
    public int Rank => Count + FreeComponents;

    /// <summary>Columns of the dictionary carrying this label, in order.</summary>
    public IReadOnlyList<int> ColumnsOf(string label) =>
        Enumerable.Range(0, Count).Where(k => Labels[k] == label).ToArray();

    /// <summary>Checks the shape against the matrix the track gives: one row per row of V, one label per template.</summary>
    public void CheckAgainst(Matrix<double> v)
    {
        if (Labels.Count != Count)
            throw new ArgumentException($"A template dictionary has {Count} templates but {Labels.Count} labels.");
        if (W.RowCount != v.RowCount)
            throw new ArgumentException(
                $"The learned templates have {W.RowCount} rows but the track's matrix has {v.RowCount}: they were learned with other features.");
        if (FreeComponents < 0)
            throw new ArgumentException($"Free components must not be negative, got {FreeComponents}.");
    }
}
