using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// A job's downsampled W and H as heatmaps draw them: <see cref="W"/> one row per frequency bin (Rows × Rank),
/// <see cref="H"/> one row per component (Rank × Columns). The preview stores both column-major.
/// </summary>
public sealed record FactorsView(string JobId, int Rows, int Rank, int Columns, double[][] W, double[][] H)
{
    public static FactorsView Of(string jobId, FactorPreview preview)
    {
        var w = Enumerable.Range(0, preview.Rows)
            .Select(i => Enumerable.Range(0, preview.Rank).Select(k => (double)preview.W[k * preview.Rows + i]).ToArray()).ToArray();
        var h = Enumerable.Range(0, preview.Rank)
            .Select(k => Enumerable.Range(0, preview.Columns).Select(j => (double)preview.H[j * preview.Rank + k]).ToArray()).ToArray();
        return new FactorsView(jobId, preview.Rows, preview.Rank, preview.Columns, w, h);
    }
}
