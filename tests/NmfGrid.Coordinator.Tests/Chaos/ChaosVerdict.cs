using System.Globalization;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// The checks after a chaos run, each a sentence when it fails: exactly one row per job id in the results table and
/// exactly one completion per job id in the journal, every job succeeded, and every row equal to the undisturbed
/// run's apart from the columns that legitimately differ (timings, host, worker, attempt).
/// </summary>
internal static class ChaosVerdict
{
    public static async Task<IReadOnlyList<string>> Problems(GridPersistenceOptions database, IReadOnlyList<ResultRow> undisturbed)
    {
        var problems = new List<string>();
        var rows = ResultsStore.Open(database).Rows();
        foreach (var job in rows.GroupBy(r => r.JobId).Where(g => g.Count() != 1))
            problems.Add($"job {job.Key}: {job.Count()} rows in {ResultsStore.Table}, expected 1");
        var expected = undisturbed.ToDictionary(r => r.JobId, Comparable);
        var actual = rows.GroupBy(r => r.JobId).ToDictionary(g => g.Key, g => Comparable(g.First()));
        foreach (var job in expected.Keys.Except(actual.Keys)) problems.Add($"job {job}: no row in {ResultsStore.Table}");
        foreach (var job in actual.Keys.Except(expected.Keys)) problems.Add($"job {job}: a row in {ResultsStore.Table} that the undisturbed run does not have");
        foreach (var row in rows.Where(r => r.Status != "succeeded")) problems.Add($"job {row.JobId}: {row.Status} ({row.Error}), expected succeeded");
        foreach (var (job, row) in actual.Where(a => expected.TryGetValue(a.Key, out var e) && e != a.Value))
            problems.Add($"job {job}: differs from the undisturbed run:\n  undisturbed {expected[job]}\n  chaos       {row}");

        var completions = await JournalCompletions.Count(database);
        foreach (var job in expected.Keys.Where(j => completions.GetValueOrDefault(j) != 1))
            problems.Add($"job {job}: completed {completions.GetValueOrDefault(job)} times in the journal, expected once");
        foreach (var job in completions.Keys.Except(expected.Keys)) problems.Add($"job {job}: completed in the journal but not a job of the sweep");
        return problems;
    }

    /// <summary>A row without timings, host, worker and attempt, numbers in round-trip form.</summary>
    public static string Comparable(ResultRow row) => string.Join(" | ",
        row.Point, row.Configuration, row.Task, Sorted(row.Settings.Select(s => (s.Key, s.Value))), row.Track, row.Status,
        Sorted(row.Metrics.Select(m => (m.Key, m.Value.ToString("R", CultureInfo.InvariantCulture)))), row.Iterations,
        row.FinalLoss.ToString("R", CultureInfo.InvariantCulture), row.Backend, row.BlasThreads, row.Error);

    private static string Sorted(IEnumerable<(string Key, string Value)> pairs) =>
        string.Join(",", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
