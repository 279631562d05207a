using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// What differs between SQLite and PostgreSQL in the results pages' SQL: reading one key of the JSON text columns
/// (<c>settings</c>, <c>metrics</c>), casting text to a number without failing, and case-insensitive matching.
/// The key travels as a parameter (<paramref name="key"/> in the methods is a parameter's name), never in the SQL.
/// </summary>
public abstract class SqlDialect
{
    public static SqlDialect Of(GridDatabaseProvider provider) => provider == GridDatabaseProvider.Sqlite ? new Sqlite() : new Postgres();

    /// <summary>The parameter's value for a JSON key: SQLite wants a path, PostgreSQL the key itself.</summary>
    public abstract string KeyArgument(string key);

    /// <summary>A number stored under the key, NULL when absent or not a number (NaN and infinities are stored as text).</summary>
    public abstract string Number(string column, string key);

    /// <summary>The text stored under the key (settings are strings).</summary>
    public abstract string Text(string column, string key);

    /// <summary>A text expression as a number, NULL when it is not one.</summary>
    public abstract string TextAsNumber(string text);

    public abstract string Contains(string text, string pattern);

    /// <summary>The distinct keys of a JSON column over a query's rows.</summary>
    public abstract string Keys(string column, string rowsQuery);

    private sealed class Sqlite : SqlDialect
    {
        // A key in a JSON path is quoted, so dots inside it ("algorithm.rank", "si_sdr.mean") are part of the key.
        public override string KeyArgument(string key) => $"$.\"{key}\"";

        public override string Number(string column, string key) =>
            $"(CASE WHEN json_type({column}, {key}) IN ('real', 'integer') THEN json_extract({column}, {key}) END)";

        public override string Text(string column, string key) => $"json_extract({column}, {key})";

        public override string TextAsNumber(string text) =>
            $"(CASE WHEN {text} GLOB '*[0-9]*' AND NOT {text} GLOB '*[^0-9.eE+-]*' THEN CAST({text} AS REAL) END)";

        public override string Contains(string text, string pattern) => $"{text} LIKE {pattern} ESCAPE '\\'";

        public override string Keys(string column, string rowsQuery) =>
            $"SELECT DISTINCT k.key FROM ({rowsQuery}) AS r, json_each(r.{column}) AS k";
    }

    private sealed class Postgres : SqlDialect
    {
        public override string KeyArgument(string key) => key;

        public override string Number(string column, string key) =>
            $"(CASE WHEN json_typeof(({column})::json -> ({key})::text) = 'number' THEN (({column})::json ->> ({key})::text)::double precision END)";

        // json, not jsonb: reading one key parses the text as it goes, where jsonb would first build the whole object
        // (the overview of 100,000 rows took 0.47 s with jsonb).
        public override string Text(string column, string key) => $"(({column})::json ->> ({key})::text)";

        public override string TextAsNumber(string text) =>
            $"(CASE WHEN {text} ~ '^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$' THEN ({text})::double precision END)";

        public override string Contains(string text, string pattern) => $"{text} ILIKE {pattern} ESCAPE '\\'";

        public override string Keys(string column, string rowsQuery) =>
            $"SELECT DISTINCT jsonb_object_keys(r.{column}::jsonb) FROM ({rowsQuery}) AS r";
    }
}
