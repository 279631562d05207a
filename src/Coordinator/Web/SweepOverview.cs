using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Web;

/// <summary>What the sweep page shows above its rows: the counts, each task's metrics and headline, the config keys
/// that vary between configurations, and one line per configuration with its means.</summary>
public sealed record SweepOverview(SweepCounts Counts, IReadOnlyList<TaskMetrics> Tasks, IReadOnlyList<string> SettingKeys,
                                   IReadOnlyList<ConfigurationLine> Configurations);

/// <summary>A task of the sweep, the metrics its jobs report, and the one it is ranked by (null: no metric yet).</summary>
public sealed record TaskMetrics(string Task, IReadOnlyList<string> Metrics, Headline? Headline);

/// <summary>
/// One configuration (point) of a sweep: its settings, its jobs, and each metric's mean over its succeeded tracks
/// (finite values only), and the mean time of a succeeded job.
/// </summary>
public sealed record ConfigurationLine(int Point, string Configuration, string Task, IReadOnlyDictionary<string, string> Settings,
                                       int Jobs, int Succeeded, int Failed, double? MeanSeconds, IReadOnlyDictionary<string, double> Means);

/// <summary>One page of a results view and the size of the whole view.</summary>
public sealed record ResultsPage(long Total, int Page, int PageSize, IReadOnlyList<Reports.ResultRow> Rows);
