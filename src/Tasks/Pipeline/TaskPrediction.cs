using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// What a task predicted from the factors, before any scoring: transcription's notes, structure's segments,
/// separation's stems. Tasks derive their own record (<see cref="IPredictionTask"/>); <see cref="Pack"/> is its cached
/// form, one column of doubles, which the task's Unpack turns back into the same record.
/// </summary>
public abstract record TaskPrediction
{
    /// <summary>The prediction as an entry of the feature cache: one column whose first value is the layout's version.</summary>
    public abstract Matrix<double> Pack();

    /// <summary>The values of a packed column of layout <paramref name="format"/> with a header of <paramref name="header"/>
    /// values (the version first); null for another layout, more than one column or a short column.</summary>
    protected static double[]? Values(Matrix<double> packed, int format, int header)
    {
        var v = packed.ToColumnMajorArray();
        return packed.ColumnCount == 1 && v.Length >= header && v[0] == format ? v : null;
    }

    /// <summary>A stored count or index: x as a non-negative integer, or −1 when it is not one.</summary>
    protected static int Count(double x) => x is >= 0 and <= int.MaxValue && x == Math.Floor(x) ? (int)x : -1;
}
