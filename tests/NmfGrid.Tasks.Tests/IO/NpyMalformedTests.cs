using NmfGrid.Tasks.IO;

namespace NmfGrid.Tasks.Tests.IO;

/// <summary>Every way a .npy file can be unreadable gives an <see cref="NpyFormatException"/> naming the file and the fault.</summary>
public sealed class NpyMalformedTests : IClassFixture<TempDirectory>
{
    private readonly TempDirectory _temp;

    public NpyMalformedTests(TempDirectory temp) => _temp = temp;

    private const string GoodDict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

    private string Save(string name, byte[] bytes)
    {
        var path = _temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertFails(string path, string problem)
    {
        var e = Assert.Throws<NpyFormatException>(() => NpyReader.Read<double>(path));
        Assert.Equal(path, e.File);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void Well_formed_hand_made_file_reads()
    {
        var path = Save("good.npy", NpyFixtures.Raw(GoodDict, NpyFixtures.Doubles(1, 2)));

        Assert.Equal(new[] { 1.0, 2.0 }, NpyReader.Read<double>(path).Data);
    }

    [Fact]
    public void Bad_magic_is_reported() =>
        AssertFails(Save("magic.npy", "PK\u0003\u0004 this is a zip, not an array"u8.ToArray()), "magic");

    [Fact]
    public void Empty_file_is_reported() => AssertFails(Save("empty.npy", []), "magic");

    [Fact]
    public void Unknown_format_version_is_reported() =>
        AssertFails(Save("v4.npy", NpyFixtures.Raw(GoodDict, NpyFixtures.Doubles(1, 2), major: 4)), "version 4.0");

    [Fact]
    public void Truncated_header_is_reported()
    {
        var bytes = File.ReadAllBytes(NpyFixtures.Path("f8_c_3x4.npy"))[..30];

        AssertFails(Save("short_header.npy", bytes), "truncated header");
    }

    [Fact]
    public void Truncated_data_is_reported()
    {
        var bytes = File.ReadAllBytes(NpyFixtures.Path("f8_c_3x4.npy"))[..^8];

        AssertFails(Save("short_data.npy", bytes), "truncated data");
    }

    [Fact]
    public void Truncated_data_is_reported_on_a_stream_that_cannot_seek()
    {
        var bytes = File.ReadAllBytes(NpyFixtures.Path("f8_f_3x4.npy"))[..^8];
        using var stream = new ForwardOnlyStream(bytes);

        var e = Assert.Throws<NpyFormatException>(() => NpyReader.Read<double>(stream, "pipe"));

        Assert.Contains("truncated data", e.Message);
    }

    [Fact]
    public void Data_beyond_the_shape_is_reported() =>
        AssertFails(Save("long.npy", NpyFixtures.Raw(GoodDict, NpyFixtures.Doubles(1, 2, 3))), "8 bytes after the data");

    [Fact]
    public void Big_endian_dtype_is_reported() => AssertFails(NpyFixtures.Path("bad_big_endian_f8.npy"), "big-endian dtype '>f8'");

    [Fact]
    public void Object_array_is_reported() => AssertFails(NpyFixtures.Path("bad_object.npy"), "object arrays");

    [Fact]
    public void Structured_dtype_is_reported() => AssertFails(NpyFixtures.Path("bad_structured.npy"), "structured");

    [Fact]
    public void Complex_dtype_is_reported() =>
        AssertFails(Save("complex.npy", NpyFixtures.Raw("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16])),
                    "dtype '<c16' is not supported");

    [Fact]
    public void Header_that_is_not_a_dict_is_reported() =>
        AssertFails(Save("list.npy", NpyFixtures.Raw("['<f8', False, (2,)]", NpyFixtures.Doubles(1, 2))), "not a dict");

    [Fact]
    public void Header_that_is_not_a_literal_is_reported() =>
        AssertFails(Save("garbage.npy", NpyFixtures.Raw("{'descr': <f8, }", NpyFixtures.Doubles(1, 2))), "not a Python literal");

    [Fact]
    public void Missing_header_key_is_reported() =>
        AssertFails(Save("nokey.npy", NpyFixtures.Raw("{'descr': '<f8', 'shape': (2,), }", NpyFixtures.Doubles(1, 2))), "header keys");

    [Fact]
    public void Extra_header_key_is_reported() =>
        AssertFails(Save("extra.npy", NpyFixtures.Raw("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}",
                                                      NpyFixtures.Doubles(1, 2))), "header keys");

    [Fact]
    public void Fortran_order_that_is_not_a_bool_is_reported() =>
        AssertFails(Save("order.npy", NpyFixtures.Raw("{'descr': '<f8', 'fortran_order': 'C', 'shape': (2,), }",
                                                      NpyFixtures.Doubles(1, 2))), "'fortran_order' is 'C'");

    [Fact]
    public void Shape_that_is_not_a_tuple_is_reported() =>
        AssertFails(Save("shape_list.npy", NpyFixtures.Raw("{'descr': '<f8', 'fortran_order': False, 'shape': [2], }",
                                                           NpyFixtures.Doubles(1, 2))), "'shape' is [2]");

    [Fact]
    public void Negative_dimension_is_reported() =>
        AssertFails(Save("negative.npy", NpyFixtures.Raw("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1), }",
                                                         NpyFixtures.Doubles(1, 2))), "holds -1");

    [Fact]
    public void Shape_too_large_for_an_array_is_reported() =>
        AssertFails(Save("huge.npy", NpyFixtures.Raw("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }",
                                                     NpyFixtures.Doubles(1, 2))), "too large");

    [Fact]
    public void Matrix_read_of_a_vector_is_reported()
    {
        var path = NpyFixtures.Path("f8_1d_5.npy");

        var e = Assert.Throws<NpyFormatException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("expected a 2-D matrix, found shape (5,)", e.Message);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = _temp.File("nowhere.npy");

        var e = Assert.Throws<FileNotFoundException>(() => NpyReader.Read<double>(path));

        Assert.Contains(path, e.Message);
    }

    /// <summary>A pipe-like stream: no length, no seeking.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
