using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace NmfGrid.Tasks.IO;

/// <summary>
/// What a .npy file says about its array: element type, memory order and shape. On disk (NEP 1, the
/// ".npy format" of numpy.lib.format): the magic "\x93NUMPY", a version byte pair (1.0, 2.0 or 3.0), the
/// header length (uint16 in 1.0, uint32 after), then a Python dict literal
/// {'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), } padded with spaces and '\n' so the data
/// starts at a multiple of 64 bytes; the data follows, in C order unless fortran_order is True.
/// </summary>
public sealed record NpyHeader(NpyDtype Dtype, bool FortranOrder, ImmutableArray<int> Shape)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // numpy refuses larger headers by default too; it guards against reading a huge bogus length.
    private const int MaxHeaderLength = 1 << 20;

    private const int Alignment = 64;

    /// <summary>Number of elements: the product of the shape (1 for a 0-d array).</summary>
    public long Count
    {
        get
        {
            long count = 1;
            foreach (int n in Shape) count *= n; // each n < 2³¹ and the product is checked when parsed
            return count;
        }
    }

    /// <summary>Bytes of data after the header.</summary>
    public long DataLength => Count * NpyDtypes.ItemSize(Dtype);

    /// <summary>Same type, order and shape (ImmutableArray alone would compare the references).</summary>
    public bool Equals(NpyHeader? other) =>
        other is not null && Dtype == other.Dtype && FortranOrder == other.FortranOrder && Shape.SequenceEqual(other.Shape);

    public override int GetHashCode() => HashCode.Combine(Dtype, FortranOrder, Shape.Length);

    /// <summary>Reads the magic, version and header dict, leaving the stream at the first data byte.</summary>
    /// <param name="file">the name errors report.</param>
    public static NpyHeader Read(Stream stream, string file)
    {
        Span<byte> preamble = stackalloc byte[8];
        int got = stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false);
        if (got < preamble.Length || !preamble[..6].SequenceEqual(Magic))
            throw new NpyFormatException(file, "not a .npy file (it does not start with the magic bytes \\x93NUMPY)");
        byte major = preamble[6], minor = preamble[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new NpyFormatException(file, $".npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)");

        Span<byte> lengthBytes = stackalloc byte[major == 1 ? 2 : 4];
        if (stream.ReadAtLeast(lengthBytes, lengthBytes.Length, throwOnEndOfStream: false) < lengthBytes.Length)
            throw new NpyFormatException(file, "truncated header (the file ends inside the header length)");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
            throw new NpyFormatException(file, $"header length {headerLength} bytes is implausible (more than {MaxHeaderLength})");

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
            throw new NpyFormatException(file, $"truncated header (the file ends before the {headerLength} header bytes)");
        // Version 3.0 only changed the header encoding from latin-1 to UTF-8 (for structured field names).
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return Parse(text, file);
    }

    /// <summary>Interprets the header dict text.</summary>
    public static NpyHeader Parse(string text, string file)
    {
        object? literal;
        try
        {
            literal = PythonLiteral.Parse(text);
        }
        catch (FormatException e)
        {
            throw new NpyFormatException(file, $"header is not a Python literal: {e.Message}");
        }
        if (literal is not Dictionary<string, object?> dict)
            throw new NpyFormatException(file, $"header is not a dict: {text.Trim()}");

        string[] expected = ["descr", "fortran_order", "shape"];
        if (dict.Count != expected.Length || !expected.All(dict.ContainsKey))
            throw new NpyFormatException(file,
                $"header keys are {{{string.Join(", ", dict.Keys.Order(StringComparer.Ordinal))}}}, expected exactly {{descr, fortran_order, shape}}");

        var dtype = dict["descr"] switch
        {
            string descr => NpyDtypes.TryParse(descr) ?? throw new NpyFormatException(file, UnsupportedDescr(descr)),
            PythonLiteral.List => throw new NpyFormatException(file, "structured dtypes (record arrays) are not supported"),
            var other => throw new NpyFormatException(file, $"'descr' is {Show(other)}, not a dtype string"),
        };
        if (dict["fortran_order"] is not bool fortranOrder)
            throw new NpyFormatException(file, $"'fortran_order' is {Show(dict["fortran_order"])}, not True or False");
        if (dict["shape"] is not PythonLiteral.Tuple shapeTuple)
            throw new NpyFormatException(file, $"'shape' is {Show(dict["shape"])}, not a tuple");

        var shape = ImmutableArray.CreateBuilder<int>(shapeTuple.Items.Count);
        long count = 1;
        foreach (object? item in shapeTuple.Items)
        {
            if (item is not long n || n < 0)
                throw new NpyFormatException(file, $"'shape' {ShowShape(shapeTuple)} holds {Show(item)}, not a non-negative integer");
            if (n > Array.MaxLength || (count *= n) > Array.MaxLength)
                throw new NpyFormatException(file, $"shape {ShowShape(shapeTuple)} is too large for one .NET array");
            shape.Add((int)n);
        }
        return new NpyHeader(dtype, fortranOrder, shape.MoveToImmutable());
    }

    /// <summary>Writes the preamble and the padded header dict the way numpy's np.save does.</summary>
    public void Write(Stream stream)
    {
        string dict = string.Create(CultureInfo.InvariantCulture,
            $"{{'descr': '{NpyDtypes.Descr(Dtype)}', 'fortran_order': {(FortranOrder ? "True" : "False")}, 'shape': {FormatShape(Shape)}, }}");
        // Version 1.0 unless the dict outgrows its uint16 length (a shape of thousands of dimensions).
        byte major = dict.Length + 1 + 10 + Alignment > ushort.MaxValue ? (byte)2 : (byte)1;
        int preambleLength = major == 1 ? 10 : 12;
        int padded = (preambleLength + dict.Length + 1 + Alignment - 1) / Alignment * Alignment;
        int headerLength = padded - preambleLength;
        string header = dict.PadRight(headerLength - 1) + "\n";

        Span<byte> preamble = stackalloc byte[preambleLength];
        Magic.CopyTo(preamble);
        preamble[6] = major;
        preamble[7] = 0;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(preamble[8..], (ushort)headerLength);
        else BinaryPrimitives.WriteUInt32LittleEndian(preamble[8..], (uint)headerLength);
        stream.Write(preamble);
        stream.Write(Encoding.Latin1.GetBytes(header));
    }

    /// <summary>Python's repr of a shape tuple: "()", "(5,)", "(3, 4)".</summary>
    public static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)")
            : "(" + string.Join(", ", shape.Select(n => n.ToString(CultureInfo.InvariantCulture))) + ")";

    private static string UnsupportedDescr(string descr) => descr switch
    {
        ['>', ..] => $"big-endian dtype '{descr}' is not supported (save it little-endian, e.g. a.astype('<{descr[1..]}'))",
        [_, 'O', ..] => $"object arrays (dtype '{descr}') are not supported",
        _ => $"dtype '{descr}' is not supported (float64, float32, float16, integers and bool are)",
    };

    private static string ShowShape(PythonLiteral.Tuple shape) =>
        "(" + string.Join(", ", shape.Items.Select(Show)) + (shape.Items.Count == 1 ? ",)" : ")");

    private static string Show(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        PythonLiteral.Tuple t => ShowShape(t),
        PythonLiteral.List l => "[" + string.Join(", ", l.Items.Select(Show)) + "]",
        _ => "a dict",
    };
}
