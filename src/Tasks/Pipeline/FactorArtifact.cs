using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.IO.Hashing;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Models;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Pipeline;

/// <summary>
/// The factorisation stage's output as an entry of the on-disk <see cref="FeatureCache"/>, so that jobs differing only
/// in prediction or scoring keys factorise a track once and score it many times. The key is built from what the
/// factorisation reads, by content: V (and the tensor or row frequencies it also reads), the learned templates, the
/// algorithm, its initialisation and every option (the seed included), an external model's command, parameters and
/// script, a plugin's assembly (by content), and the build of NmfGrid. Hashing V instead of
/// naming the settings that made it means no task setting can be forgotten: two jobs share factors only when their
/// inputs are the same numbers. The entry is one column: a header, the loss history, W, H (and NMFD's templates per lag).
/// </summary>
public static class FactorArtifact
{
    public const string Kind = "factors";

    private const int Format = 1;
    private const int HeaderLength = 11;
    private const double Product = 0, Convolutive = 1, NotStored = -1;

    private static readonly string Build =
        typeof(NmfResult<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The key of the factors of <paramref name="input"/> by <paramref name="nmf"/>; <paramref name="tensor"/>: a tensor model factorises input.Tensor.</summary>
    public static ArtifactKey Key(TaskInput input, NmfSettings nmf, bool tensor)
    {
        var text = new StringBuilder($"factors.v{Format}|build[{Build}]");
        text.Append($"|v[{input.V.RowCount}x{input.V.ColumnCount}:{Digest(input.V)}]");
        text.Append($"|rows[{(input.RowFrequencies is { } rows ? Digest(rows.ToArray()) : "none")}]");
        if (tensor && input.Tensor is { } t)
            text.Append($"|tensor[{t.X.Describe()}:{Digest(t.X.Data)}:{t.Layout}:{t.FrequencyMode?.ToString(CultureInfo.InvariantCulture) ?? "none"}]");
        if (input.Templates is { } d)
            text.Append($"|templates[{d.W.RowCount}x{d.W.ColumnCount}:{Digest(d.W)}:{string.Join(",", d.Labels)}:free={d.FreeComponents}]");
        text.Append($"|algorithm[{nmf.Algorithm}]|init[{nmf.Initialisation}]|options[{Options(nmf.Options)}]");
        if (nmf.External is { } model)
            text.Append($"|external[{model.Fingerprint()}]");
        if (nmf.Plugin is { } plugin)
            text.Append($"|plugin[{plugin.Digest}]");
        return new ArtifactKey(Kind, text.ToString());
    }

    /// <summary>The result as one column; a model this format cannot rebuild is stored as a marker that <see cref="Unpack"/> declines.</summary>
    public static Matrix<double> Pack(NmfResult<double> result)
    {
        var lags = result.Model switch
        {
            null or ProductModel<double> => [],
            ConvolutiveModel<double> c => c.Templates,
            _ => null,
        };
        if (lags is null)
            return Matrix<double>.Build.Dense(1, 1, NotStored);
        var history = result.LossHistory;
        var values = new List<double>(HeaderLength + 2 * history.Count + (lags.Count + 1) * result.W.RowCount * result.W.ColumnCount + result.H.RowCount * result.H.ColumnCount)
        {
            Format, lags.Count == 0 ? Product : Convolutive,
            result.W.RowCount, result.W.ColumnCount, result.H.ColumnCount, lags.Count,
            result.Iterations, result.Converged ? 1 : 0, result.Loss, result.Seconds, history.Count,
        };
        values.AddRange(history.Select(p => (double)p.Iteration));
        values.AddRange(history.Select(p => p.Loss));
        values.AddRange(result.W.ToColumnMajorArray());
        values.AddRange(result.H.ToColumnMajorArray());
        foreach (var w in lags)
            values.AddRange(w.ToColumnMajorArray());
        return Matrix<double>.Build.Dense(values.Count, 1, values.ToArray());
    }

    /// <summary>The result a packed column holds, reported as run on <paramref name="backend"/>; null when it holds none or is malformed.</summary>
    public static NmfResult<double>? Unpack(Matrix<double> packed, string backend, int threads)
    {
        var v = packed.ToColumnMajorArray();
        if (packed.ColumnCount != 1 || v.Length < HeaderLength || v[0] != Format || v[1] is not (Product or Convolutive))
            return null;
        int rows = Count(v[2]), rank = Count(v[3]), columns = Count(v[4]), lagCount = Count(v[5]), points = Count(v[10]);
        if (rows < 0 || rank < 0 || columns < 0 || lagCount < 0 || points < 0 || (v[1] == Convolutive) != (lagCount > 0))
            return null;
        long expected = HeaderLength + 2L * points + (lagCount + 1L) * rows * rank + (long)rank * columns;
        if (expected != v.Length)
            return null;
        int at = HeaderLength;
        var history = Enumerable.Range(0, points).Select(i => new LossPoint((int)v[at + i], v[at + points + i])).ToArray();
        at += 2 * points;
        Matrix<double> Next(int r, int c)
        {
            var m = Matrix<double>.Build.Dense(r, c, v.AsSpan(at, r * c).ToArray());
            at += r * c;
            return m;
        }
        var w = Next(rows, rank);
        var h = Next(rank, columns);
        var lags = Enumerable.Range(0, lagCount).Select(_ => Next(rows, rank)).ToArray();
        return new NmfResult<double>(w, h, Count(v[6]), v[7] == 1, v[8], history, v[9], backend, threads)
        {
            Model = lagCount > 0 ? new ConvolutiveModel<double>(lags, h) : null,
        };
    }

    private static int Count(double x) => x is >= 0 and <= int.MaxValue && x == Math.Floor(x) ? (int)x : -1;

    /// <summary>Every option NmfOptions carries (read by reflection, so a new option is never left out of the key), callbacks excepted.</summary>
    private static string Options(NmfOptions options) => string.Join(";", typeof(NmfOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => !typeof(Delegate).IsAssignableFrom(p.PropertyType))
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .Select(p => $"{p.Name}={Text(p.GetValue(options))}"));

    private static string Text(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        Matrix<double> m => $"{m.RowCount}x{m.ColumnCount}:{Digest(m)}",
        IReadOnlyDictionary<string, double> map => string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Text(p.Value)}")),
        IEnumerable<int> list => string.Join(",", list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Digest(Matrix<double> m) => Digest(m.AsColumnMajorArray() ?? m.ToColumnMajorArray());

    // XxHash128, not SHA-256: V is hashed on every job (21 MB for a MAPS track, 10–25 ms by SHA-256, 1–2 ms by XxHash128), and
    // a 128-bit digest keeps accidental collisions out of reach; the cache is not defended against someone who forges entries.
    private static string Digest(double[] values) =>
        "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(MemoryMarshal.AsBytes(values.AsSpan())));
}
