using System.Buffers.Binary;
using System.Text;

namespace NmfGrid.Tasks.Tests.IO;

/// <summary>Paths of the committed numpy fixtures, the formulas they were written from, and hand-made files.</summary>
internal static class NpyFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "npy", name);

    /// <summary>a[i, j] of the 2-D fixtures (make_npy_fixtures.py).</summary>
    public static double Matrix(int i, int j, double offset = 0.25) => 10 * i + j + offset;

    /// <summary>a[i, j, k] of the 3-D fixtures.</summary>
    public static double Tensor(int i, int j, int k) => 100 * i + 10 * j + k + 0.5;

    /// <summary>A .npy file with a raw header dict and data, for malformed cases numpy would not write.</summary>
    public static byte[] Raw(string dict, byte[] data, byte major = 1, byte minor = 0)
    {
        var header = Encoding.Latin1.GetBytes(dict + "\n");
        var lengthSize = major == 1 ? 2 : 4;
        var bytes = new List<byte>([0x93, .. "NUMPY"u8, major, minor]);
        var length = new byte[lengthSize];
        if (lengthSize == 2) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        bytes.AddRange(length);
        bytes.AddRange(header);
        bytes.AddRange(data);
        return [.. bytes];
    }

    public static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int n = 0; n < values.Length; n++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(n * 8), values[n]);
        return bytes;
    }
}

/// <summary>A fresh directory per test class, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("nmfgrid-npy-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
