using NmfGrid.Tasks.IO;

namespace NmfGrid.Tasks.Tests.IO;

public sealed class NpyReaderTests : IClassFixture<TempDirectory>
{
    private readonly TempDirectory _temp;

    public NpyReaderTests(TempDirectory temp) => _temp = temp;

    [Theory]
    [InlineData("f8_c_3x4.npy", 0.25)]
    [InlineData("f8_f_3x4.npy", 0.25)]
    [InlineData("f4_c_3x4.npy", 0.25)]
    [InlineData("f4_f_3x4.npy", 0.25)]
    [InlineData("f8_c_3x4_v2.npy", 0.25)]
    [InlineData("f8_c_3x4_v3.npy", 0.25)]
    [InlineData("u1_c_3x4.npy", 0)]
    [InlineData("i4_c_3x4.npy", -5)]
    [InlineData("i8_f_3x4.npy", 0)]
    public void Numpy_matrix_reads_back_to_its_values_as_float64(string file, double offset)
    {
        var m = NpyReader.ReadMatrix<double>(NpyFixtures.Path(file));

        Assert.Equal(3, m.RowCount);
        Assert.Equal(4, m.ColumnCount);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(NpyFixtures.Matrix(i, j, offset), m[i, j]);
    }

    [Theory]
    [InlineData("f8_c_3x4.npy")]
    [InlineData("f8_f_3x4.npy")]
    [InlineData("f4_c_3x4.npy")]
    [InlineData("f4_f_3x4.npy")]
    public void Numpy_matrix_reads_back_to_its_values_as_float32(string file)
    {
        var m = NpyReader.ReadMatrix<float>(NpyFixtures.Path(file));

        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal((float)NpyFixtures.Matrix(i, j), m[i, j]);
    }

    [Fact]
    public void C_order_matrix_is_stored_column_major()
    {
        var m = NpyReader.ReadMatrix<double>(NpyFixtures.Path("f8_c_3x4.npy"));

        var storage = m.AsColumnMajorArray();
        Assert.NotNull(storage);
        Assert.Equal(new[] { 0.25, 10.25, 20.25, 1.25, 11.25, 21.25 }, storage![..6]);
    }

    [Theory]
    [InlineData("f8_1d_5.npy")]
    [InlineData("f4_1d_5.npy")]
    public void Vector_reads_with_a_one_element_shape(string file)
    {
        var a = NpyReader.Read<double>(NpyFixtures.Path(file));

        Assert.Equal(new[] { 5 }, a.Shape);
        Assert.Equal(new[] { -1.5, -0.5, 0.5, 1.5, 2.5 }, a.Data);
    }

    [Theory]
    [InlineData("f8_c_2x3x4.npy")]
    [InlineData("f8_f_2x3x4.npy")]
    [InlineData("f4_c_2x3x4.npy")]
    public void Tensor_reads_in_column_major_order(string file)
    {
        var a = NpyReader.Read<double>(NpyFixtures.Path(file));

        Assert.Equal(new[] { 2, 3, 4 }, a.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                {
                    Assert.Equal(NpyFixtures.Tensor(i, j, k), a[i, j, k]);
                    Assert.Equal(NpyFixtures.Tensor(i, j, k), a.Data[i + 2 * (j + 3 * k)]);
                }
    }

    [Fact]
    public void Empty_matrix_reads_with_zero_rows()
    {
        var m = NpyReader.ReadMatrix<double>(NpyFixtures.Path("f8_c_0x3.npy"));

        Assert.Equal(0, m.RowCount);
        Assert.Equal(3, m.ColumnCount);
    }

    [Fact]
    public void Header_alone_gives_type_order_and_shape()
    {
        var header = NpyReader.ReadHeader(NpyFixtures.Path("f4_f_3x4.npy"));

        Assert.Equal(new NpyHeader(NpyDtype.Float32, FortranOrder: true, [3, 4]), header);
    }

    [Theory]
    [InlineData(37, 300)] // 11 100 elements: more than one 64 KiB read chunk
    [InlineData(150, 70)] // three 64-row transposition blocks, the last one partial
    [InlineData(1, 9000)]
    [InlineData(9000, 1)]
    public void Large_C_order_matrix_is_transposed_across_read_chunks(int rows, int columns)
    {
        var values = new double[rows * columns];
        for (int n = 0; n < values.Length; n++) values[n] = n; // C order: element (i, j) = i·columns + j
        var path = _temp.File($"c_{rows}x{columns}.npy");
        using (var stream = File.Create(path))
        {
            new NpyHeader(NpyDtype.Float64, FortranOrder: false, [rows, columns]).Write(stream);
            stream.Write(NpyFixtures.Doubles(values));
        }

        var m = NpyReader.ReadMatrix<double>(path);

        for (int i = 0; i < rows; i += Math.Max(1, rows / 7))
            for (int j = 0; j < columns; j += Math.Max(1, columns / 11))
                Assert.Equal(i * columns + j, m[i, j]);
        Assert.Equal(rows * columns - 1, m[rows - 1, columns - 1]);
    }

    [Fact]
    public void Python2_long_integers_in_the_shape_are_accepted()
    {
        var path = _temp.File("py2.npy");
        File.WriteAllBytes(path, NpyFixtures.Raw("{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 2L), }",
                                                 NpyFixtures.Doubles(1, 2)));

        var m = NpyReader.ReadMatrix<double>(path);

        Assert.Equal(2.0, m[0, 1]);
    }
}
