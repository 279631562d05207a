using System.Globalization;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// One view of a sweep's results table: its filters (all must hold), the field it is sorted by (descending when
/// written with a leading '-'), and which page of how many rows. Unsorted views follow the table's order: configuration,
/// then track.
/// </summary>
public sealed record ResultsQuery(IReadOnlyList<ResultsFilter> Filters, ResultsField? Sort, bool Descending, int Page, int PageSize)
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 1000;

    public static ResultsQuery All { get; } = new([], null, false, 1, DefaultPageSize);

    /// <summary>From a request's query: filter=… (repeatable), sort=[-]FIELD, page=N (from 1), size=N.</summary>
    public static ResultsQuery Parse(IEnumerable<string> filters, string? sort, string? page, string? size)
    {
        var parsedPage = Number(page, "page", 1, 1, 1_000_000);
        var parsedSize = Number(size, "size", DefaultPageSize, 1, MaxPageSize);
        var descending = sort?.StartsWith('-') == true;
        var field = string.IsNullOrWhiteSpace(sort) ? null : ResultsField.Parse(sort.TrimStart('-', '+').Trim());
        return new ResultsQuery(filters.Where(f => !string.IsNullOrWhiteSpace(f)).Select(ResultsFilter.Parse).ToArray(), field, descending, parsedPage, parsedSize);
    }

    public ResultsQuery With(ResultsFilter filter) => this with { Filters = [.. Filters, filter] };

    /// <summary>The WHERE clause for sweep <paramref name="sweepId"/> and every filter.</summary>
    public string Where(string sweepId, SqlDialect dialect, SqlParameters parameters) =>
        string.Join(" AND ", new[] { $"sweep_id = {parameters.Add(sweepId)}" }.Concat(Filters.Select(f => $"({f.Sql(dialect, parameters)})")));

    /// <summary>The ORDER BY clause: the sort field (missing values last), then configuration and track, so pages never overlap.</summary>
    public string OrderBy(SqlDialect dialect, SqlParameters parameters) =>
        (Sort is null ? "" : $"{Sort.Sql(dialect, parameters)} {(Descending ? "DESC" : "ASC")} NULLS LAST, ") + "point, track, job_id";

    private static int Number(string? text, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ResultsQueryException($"{name}={text}: expected a whole number from {min} to {max}");
        }
        return value;
    }
}
