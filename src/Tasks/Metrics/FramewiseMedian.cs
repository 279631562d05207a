namespace NmfGrid.Tasks.Metrics;

/// <summary>numpy.nanmedian: the median of the non-NaN values (mean of the two middle ones), NaN if none.</summary>
public static class FramewiseMedian
{
    public static double IgnoringNaN(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0) return double.NaN;
        int m = v.Length / 2;
        return v.Length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
