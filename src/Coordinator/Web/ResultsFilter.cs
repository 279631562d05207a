using System.Globalization;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// One condition on a results table view, written FIELD OP VALUE: OP is =, !=, &lt;, &lt;=, &gt;, &gt;= or ~ (contains,
/// case-insensitive). A metric or numeric column compares as a number; a config key compares as text with = != ~ and as
/// a number with the order operators (<c>settings.algorithm.rank&gt;=16</c>).
/// </summary>
public sealed record ResultsFilter(ResultsField Field, string Operator, string Value)
{
    // Longest first, so "<=" is not read as "<" followed by "=…".
    private static readonly string[] Operators = ["!=", "<=", ">=", "=", "<", ">", "~"];

    public static ResultsFilter Parse(string text)
    {
        var at = -1;
        string? op = null;
        for (var i = 0; i < text.Length && op is null; i++)
        {
            op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0);
            at = i;
        }
        if (op is null || at == 0)
        {
            throw new ResultsQueryException($"filter '{text}': expected FIELD OP VALUE with OP one of {string.Join(" ", Operators)}");
        }
        return new ResultsFilter(ResultsField.Parse(text[..at].Trim()), op, text[(at + op.Length)..].Trim());
    }

    public string Sql(SqlDialect dialect, SqlParameters parameters)
    {
        var field = Field.Sql(dialect, parameters);
        if (Operator == "~")
        {
            var pattern = "%" + Value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            return dialect.Contains(Field.Numeric ? $"CAST({field} AS TEXT)" : field, parameters.Add(pattern));
        }
        var sqlOperator = Operator == "!=" ? "<>" : Operator;
        var ordered = Operator is "<" or "<=" or ">" or ">=";
        if (Field.Numeric || ordered)
        {
            if (!double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw new ResultsQueryException($"filter '{Field.Name}{Operator}{Value}': '{Value}' is not a number");
            }
            var left = Field.Numeric ? field : dialect.TextAsNumber(field);
            return $"{left} {sqlOperator} {parameters.Add(number)}";
        }
        return $"{field} {sqlOperator} {parameters.Add(Value)}";
    }

    public override string ToString() => $"{Field.Name}{Operator}{Value}";
}
