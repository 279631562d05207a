using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.IO;

namespace NmfGrid.Tasks.Tests.IO;

public sealed class NpyWriterTests : IClassFixture<TempDirectory>
{
    private readonly TempDirectory _temp;

    public NpyWriterTests(TempDirectory temp) => _temp = temp;

    private static Matrix<T> FixtureMatrix<T>(int rows, int columns)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(rows, columns, (i, j) => T.CreateChecked(NpyFixtures.Matrix(i, j)));

    private byte[] Written(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Float64_matrix_is_written_byte_for_byte_as_numpy_saves_it()
    {
        var bytes = Written(s => NpyWriter.Write(s, FixtureMatrix<double>(3, 4)));

        Assert.Equal(File.ReadAllBytes(NpyFixtures.Path("numpy_saved_fortran_f8_3x4.npy")), bytes);
    }

    [Fact]
    public void Float32_matrix_is_written_byte_for_byte_as_numpy_saves_it()
    {
        var bytes = Written(s => NpyWriter.Write(s, FixtureMatrix<float>(3, 4)));

        Assert.Equal(File.ReadAllBytes(NpyFixtures.Path("numpy_saved_fortran_f4_3x4.npy")), bytes);
    }

    [Fact]
    public void Tensor_is_written_byte_for_byte_as_numpy_saves_it()
    {
        var data = new double[2 * 3 * 4];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    data[i + 2 * (j + 3 * k)] = NpyFixtures.Tensor(i, j, k);

        var bytes = Written(s => NpyWriter.Write(s, NpyArray<double>.FromColumnMajor([2, 3, 4], data)));

        Assert.Equal(File.ReadAllBytes(NpyFixtures.Path("numpy_saved_fortran_f8_2x3x4.npy")), bytes);
    }

    /// <summary>nmfgrid_written_f8_5x7.npy was written by NpyWriter and checked with np.load (see the fixtures README).</summary>
    [Fact]
    public void Writer_reproduces_the_committed_file_numpy_was_checked_against()
    {
        var m = Matrix<double>.Build.Dense(5, 7, (i, j) => Math.Sin(i + 7 * j) + i * 1e-3);

        var bytes = Written(s => NpyWriter.Write(s, m));

        Assert.Equal(File.ReadAllBytes(NpyFixtures.Path("nmfgrid_written_f8_5x7.npy")), bytes);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(1025, 50)]
    [InlineData(0, 3)]
    public void Float64_matrix_round_trips_exactly(int rows, int columns)
    {
        var random = new Random(rows * 1000 + columns);
        var m = Matrix<double>.Build.Dense(rows, columns, (_, _) => random.NextDouble() * 1e3);
        var path = _temp.File($"rt_f8_{rows}x{columns}.npy");

        NpyWriter.Write(path, m);
        var back = NpyReader.ReadMatrix<double>(path);

        Assert.Equal(m, back);
    }

    [Fact]
    public void Float32_matrix_round_trips_exactly()
    {
        var random = new Random(7);
        var m = Matrix<float>.Build.Dense(513, 40, (_, _) => random.NextSingle());
        var path = _temp.File("rt_f4.npy");

        NpyWriter.Write(path, m);
        var back = NpyReader.ReadMatrix<float>(path);

        Assert.Equal(NpyDtype.Float32, NpyReader.ReadHeader(path).Dtype);
        Assert.Equal(m, back);
    }

    [Fact]
    public void Vector_and_tensor_round_trip_with_their_shapes()
    {
        var vector = NpyArray<double>.FromColumnMajor([4], [1, 2, 3, 4]);
        var tensor = NpyArray<float>.FromColumnMajor([2, 2, 3], Enumerable.Range(0, 12).Select(n => n * 0.5f).ToArray());

        NpyWriter.Write(_temp.File("v.npy"), vector);
        NpyWriter.Write(_temp.File("t.npy"), tensor);
        var vectorBack = NpyReader.Read<double>(_temp.File("v.npy"));
        var tensorBack = NpyReader.Read<float>(_temp.File("t.npy"));

        Assert.Equal(vector, vectorBack);
        Assert.Equal([2, 2, 3], tensorBack.Shape.ToArray());
        Assert.Equal(tensor, tensorBack);
    }

    [Fact]
    public void Header_is_padded_so_data_starts_on_a_64_byte_boundary()
    {
        foreach (int[] shape in new[] { new[] { 1 }, [12345, 67890], [1, 2, 3, 4, 5, 6, 7] })
        {
            var bytes = Written(s => new NpyHeader(NpyDtype.Float64, true, [.. shape]).Write(s));

            Assert.Equal(0, bytes.Length % 64);
            Assert.Equal((byte)'\n', bytes[^1]);
        }
    }

    [Fact]
    public void Arrays_are_equal_by_shape_and_elements_not_by_reference()
    {
        var a = NpyArray<double>.FromColumnMajor([2, 2], [1, 2, 3, 4]);

        Assert.Equal(a, NpyArray<double>.FromColumnMajor([2, 2], [1, 2, 3, 4]));
        Assert.NotEqual(a, NpyArray<double>.FromColumnMajor([4], [1, 2, 3, 4]));
        Assert.NotEqual(a, NpyArray<double>.FromColumnMajor([2, 2], [1, 2, 3, 5]));
    }

    [Fact]
    public void Array_with_data_of_the_wrong_length_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => NpyArray<double>.FromColumnMajor([2, 3], new double[5]));

        Assert.Contains("(2, 3)", e.Message);
    }
}
