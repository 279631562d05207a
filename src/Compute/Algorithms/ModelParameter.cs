namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// A setting only one model has (a sparsity weight, a number of lags, a volume weight). The model declares it
/// with its default and range; configs (`algorithm.&lt;name&gt;: value`) and `nmfgrid nmf --param name=value`
/// reach it through <see cref="NmfOptions.Parameters"/>, and anything undeclared is rejected by name.
/// </summary>
public sealed record ModelParameter(string Name, double Default, string Description, double Minimum = double.NegativeInfinity, double Maximum = double.PositiveInfinity)
{
    /// <summary>Only whole numbers are allowed (a count such as lags).</summary>
    public bool WholeNumber { get; init; }

    /// <summary>The value the options give, or the default; throws naming the parameter when out of range (or not whole when it must be).</summary>
    public double ValueIn(NmfOptions options)
    {
        var value = options.Parameters.TryGetValue(Name, out var given) ? given : Default;
        if (double.IsNaN(value) || value < Minimum || value > Maximum)
        {
            throw new ArgumentException($"{Name} must be in [{Minimum}, {Maximum}], got {value}");
        }
        if (WholeNumber && value != Math.Floor(value))
        {
            throw new ArgumentException($"{Name} must be a whole number, got {value}");
        }
        return value;
    }
}
