using System.Text;
using System.Text.RegularExpressions;
using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// Just enough of NumPy's .npy format (v1.0/v2.0, little-endian float64, C or Fortran order, 2-D) to read the
/// matrices sklearn_baseline.py --save-input writes, so both sides factorise the same numbers.
/// Format: magic "\x93NUMPY", version, header length, a Python dict literal, then the raw data.
/// </summary>
internal static class NpyMatrix
{
    public static Matrix<double> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such .npy file (run bench/run-mu-vs-sklearn.sh, which writes it)", path);
        using var reader = new BinaryReader(File.OpenRead(path));
        var magic = reader.ReadBytes(6);
        if (magic.Length != 6 || magic[0] != 0x93 || Encoding.ASCII.GetString(magic, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path}: not a .npy file (bad magic)");
        var major = reader.ReadByte();
        reader.ReadByte();
        var headerLength = major == 1 ? reader.ReadUInt16() : major is 2 or 3 ? (int)reader.ReadUInt32()
            : throw new InvalidDataException($"{path}: .npy version {major} is not supported");
        var header = Encoding.Latin1.GetString(reader.ReadBytes(headerLength));

        var descr = Regex.Match(header, @"'descr':\s*'([^']*)'").Groups[1].Value;
        if (descr != "<f8")
            throw new InvalidDataException($"{path}: dtype '{descr}' is not supported, only little-endian float64 ('<f8')");
        var fortran = Regex.Match(header, @"'fortran_order':\s*(True|False)").Groups[1].Value == "True";
        var shape = Regex.Match(header, @"'shape':\s*\((\d+),\s*(\d+)\)");
        if (!shape.Success)
            throw new InvalidDataException($"{path}: shape in '{header.Trim()}' is not 2-D");
        int rows = int.Parse(shape.Groups[1].Value), columns = int.Parse(shape.Groups[2].Value);

        var values = new double[rows * columns];
        var bytes = reader.ReadBytes(values.Length * sizeof(double));
        if (bytes.Length != values.Length * sizeof(double))
            throw new InvalidDataException($"{path}: data ends after {bytes.Length} of {values.Length * sizeof(double)} bytes");
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        // C order is row-major: read it as the column-major transpose, then transpose back.
        return fortran
            ? Matrix<double>.Build.Dense(rows, columns, values)
            : Matrix<double>.Build.Dense(columns, rows, values).Transpose();
    }
}
