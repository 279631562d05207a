using System.Data.Common;

namespace NmfGrid.Coordinator.Web;

/// <summary>The values one query binds, each named @p0, @p1, … in the order they were added.</summary>
public sealed class SqlParameters
{
    private readonly List<object> _values = [];

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object value)
    {
        _values.Add(value);
        return "@p" + (_values.Count - 1);
    }

    public DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < _values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = _values[i];
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
