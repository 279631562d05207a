namespace NmfGrid.Coordinator.Reports;

/// <summary>Where a sweep's report was written and the names of its files (tables, summary, plots).</summary>
public sealed record SweepReport(string Folder, IReadOnlyList<string> Files)
{
    public string SummaryPath => Path.Combine(Folder, "summary.md");

    public IEnumerable<string> Plots => Files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).Select(f => Path.Combine(Folder, f));
}
