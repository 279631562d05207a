using System.Buffers.Binary;

namespace NmfGrid.Tasks.IO;

/// <summary>
/// The element types NmfGrid reads from .npy files: little-endian numbers as numpy writes them on every
/// common machine. Integers and booleans are read as floating point (spectrograms stored as counts or
/// masks stay usable); big-endian, complex, string and object arrays are refused.
/// </summary>
public enum NpyDtype
{
    Float64,
    Float32,
    Float16,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Bool,
}

/// <summary>numpy's type strings ('&lt;f8', '|u1', …) for <see cref="NpyDtype"/>, and element decoding.</summary>
public static class NpyDtypes
{
    /// <summary>Parses a numpy descr; null when it is not one NmfGrid reads.</summary>
    public static NpyDtype? TryParse(string descr)
    {
        if (descr.Length < 3) return null;
        char order = descr[0];
        string code = descr[1..];
        NpyDtype? dtype = code switch
        {
            "f8" => NpyDtype.Float64,
            "f4" => NpyDtype.Float32,
            "f2" => NpyDtype.Float16,
            "i1" => NpyDtype.Int8,
            "u1" => NpyDtype.UInt8,
            "i2" => NpyDtype.Int16,
            "u2" => NpyDtype.UInt16,
            "i4" => NpyDtype.Int32,
            "u4" => NpyDtype.UInt32,
            "i8" => NpyDtype.Int64,
            "u8" => NpyDtype.UInt64,
            "b1" => NpyDtype.Bool,
            _ => null,
        };
        if (dtype is null) return null;
        // numpy writes '|' (byte order irrelevant) for one-byte types and '<' for little-endian ones.
        bool orderOk = order == '<' || (order == '|' && ItemSize(dtype.Value) == 1);
        return orderOk ? dtype : null;
    }

    /// <summary>The descr numpy writes for this type.</summary>
    public static string Descr(NpyDtype dtype) => dtype switch
    {
        NpyDtype.Float64 => "<f8",
        NpyDtype.Float32 => "<f4",
        NpyDtype.Float16 => "<f2",
        NpyDtype.Int8 => "|i1",
        NpyDtype.UInt8 => "|u1",
        NpyDtype.Int16 => "<i2",
        NpyDtype.UInt16 => "<u2",
        NpyDtype.Int32 => "<i4",
        NpyDtype.UInt32 => "<u4",
        NpyDtype.Int64 => "<i8",
        NpyDtype.UInt64 => "<u8",
        NpyDtype.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static int ItemSize(NpyDtype dtype) => dtype switch
    {
        NpyDtype.Float64 or NpyDtype.Int64 or NpyDtype.UInt64 => 8,
        NpyDtype.Float32 or NpyDtype.Int32 or NpyDtype.UInt32 => 4,
        NpyDtype.Float16 or NpyDtype.Int16 or NpyDtype.UInt16 => 2,
        NpyDtype.Int8 or NpyDtype.UInt8 or NpyDtype.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>One little-endian element as a double (exact for every type except 64-bit integers above 2⁵³).</summary>
    public static double Decode(NpyDtype dtype, ReadOnlySpan<byte> bytes) => dtype switch
    {
        NpyDtype.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
        NpyDtype.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
        NpyDtype.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes),
        NpyDtype.Int8 => (sbyte)bytes[0],
        NpyDtype.UInt8 => bytes[0],
        NpyDtype.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        NpyDtype.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        NpyDtype.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        NpyDtype.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        NpyDtype.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        NpyDtype.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        NpyDtype.Bool => bytes[0] != 0 ? 1.0 : 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };
}
