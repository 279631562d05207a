namespace NmfGrid.Compute.Initialisation;

/// <summary>
/// numpy's legacy <c>RandomState(seed)</c> stream (MT19937, Matsumoto &amp; Nishimura 1998), draw for draw, so
/// that a start the seed toolbox takes from <c>RandomState(0)</c> (scikit-learn's k-means++, the harmonic H0)
/// is taken here from the same numbers. Seeding is init_genrand; <see cref="RandomSample"/> is
/// (a·2²⁶ + b)/2⁵³ from two tempered words a = x₁ ≫ 5, b = x₂ ≫ 6; <see cref="RandInt"/> draws words masked
/// to the smallest 2^m − 1 ≥ n − 1 until one is ≤ n − 1 (numpy's masked rejection, kept for legacy streams).
/// </summary>
public sealed class NumpyRandomState
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private readonly uint[] _state = new uint[StateLength];
    private int _position;

    public NumpyRandomState(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < StateLength; i++)
        {
            _state[i] = unchecked(1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i);
        }

        _position = StateLength;
    }

    /// <summary>The next tempered 32-bit word (numpy's next_uint32).</summary>
    public uint NextUInt32()
    {
        if (_position == StateLength)
        {
            Regenerate();
        }

        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random_sample()</c> / <c>rand()</c> / <c>uniform(0, 1)</c>: a double in [0, 1) with 53 random bits.</summary>
    public double RandomSample()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary><c>randint(n)</c> of the legacy RandomState: uniform on 0 … n−1.</summary>
    public long RandInt(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var range = (ulong)(n - 1);
        if (range == 0)
        {
            return 0;
        }

        if (range > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "randint beyond 2^32 values is not reproduced.");
        }

        if (range == uint.MaxValue)
        {
            return NextUInt32();
        }

        var mask = (uint)range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > range)
        {
        }

        return value;
    }

    /// <summary>
    /// <c>choice(n, p=weights/Σweights)</c> for one draw: cdf = cumsum(p) / its last entry (sequential sums),
    /// u = random_sample(), and the first index whose cdf exceeds u (searchsorted side='right').
    /// </summary>
    public int Choice(IReadOnlyList<double> probabilities)
    {
        var cdf = new double[probabilities.Count];
        var sum = 0.0;
        for (var i = 0; i < cdf.Length; i++)
        {
            sum += probabilities[i];
            cdf[i] = sum;
        }

        var last = cdf[^1];
        for (var i = 0; i < cdf.Length; i++)
        {
            cdf[i] /= last;
        }

        var u = RandomSample();
        var index = 0;
        while (index < cdf.Length && cdf[index] <= u)
        {
            index++;
        }

        return index;
    }

    private void Regenerate()
    {
        const uint upper = 0x80000000u, lower = 0x7fffffffu, matrix = 0x9908b0dfu;
        for (var i = 0; i < StateLength; i++)
        {
            var y = (_state[i] & upper) | (_state[(i + 1) % StateLength] & lower);
            _state[i] = _state[(i + Shift) % StateLength] ^ (y >> 1) ^ ((y & 1u) != 0 ? matrix : 0u);
        }

        _position = 0;
    }
}
