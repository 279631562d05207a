using System.Globalization;
using System.Text.RegularExpressions;

namespace NmfGrid.Coordinator.Config;

/// <summary>
/// Types an unquoted scalar the way YAML's core schema (and Hydra's override grammar) does:
/// null, bool, int, float, else string.
/// </summary>
public static partial class ScalarText
{
    public static object? Parse(string text)
    {
        var t = text.Trim();
        switch (t)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case ".inf" or ".Inf" or "+.inf" or "inf":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-inf":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or "nan":
                return double.NaN;
        }
        if (bool.TryParse(t, out var flag))
        {
            return flag;
        }
        if (IntegerPattern().IsMatch(t) &&
            long.TryParse(t.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }
        if (FloatPattern().IsMatch(t) &&
            double.TryParse(t.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }
        return t;
    }

    /// <summary>The canonical text of a scalar, as written back into overrides and reports.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
