namespace NmfGrid.Compute.Initialisation;

/// <summary>
/// Standard normal draws from a seeded <see cref="Random"/> (Box–Muller: z = sqrt(−2 ln u₁)·cos(2πu₂), and
/// its sine twin). Seeded System.Random is stable across .NET versions, so a seed gives the same bits
/// everywhere; it does not reproduce numpy's stream, and need not.
/// </summary>
internal sealed class GaussianSamples(int seed)
{
    private readonly Random _uniform = new(seed);
    private double _spare;
    private bool _hasSpare;

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        var u1 = 1.0 - _uniform.NextDouble(); // (0, 1]: log stays finite
        var u2 = _uniform.NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2.0 * Math.PI * u2);
        _hasSpare = true;
        return radius * Math.Cos(2.0 * Math.PI * u2);
    }
}
