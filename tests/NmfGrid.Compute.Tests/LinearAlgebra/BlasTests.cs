using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Tests.LinearAlgebra;

[Collection(NativeBlasCollection.Name)]
public sealed class BlasTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("auto", BlasBackend.Auto)]
    [InlineData("MKL", BlasBackend.Mkl)]
    [InlineData("openblas", BlasBackend.OpenBlas)]
    [InlineData(" Managed ", BlasBackend.Managed)]
    public void Backend_names_parse_in_any_case(string name, BlasBackend expected) =>
        Assert.Equal(expected, BlasBackendName.Parse(name));

    [Fact]
    public void Unknown_backend_name_is_rejected_with_the_known_names()
    {
        var error = Assert.Throws<ArgumentException>(() => BlasBackendName.Parse("atlas"));
        Assert.Contains("'atlas'", error.Message);
        Assert.Contains("auto, mkl, openblas, managed", error.Message);
    }

    [Fact]
    public void Backend_names_round_trip()
    {
        foreach (var backend in Enum.GetValues<BlasBackend>())
            Assert.Equal(backend, BlasBackendName.Parse(backend.ToName()));
    }

    [Fact]
    public void Managed_backend_is_always_available()
    {
        var blas = Blas.Create(BlasBackend.Managed, 1, Environment());
        Assert.Equal("managed", blas.Name);
        Assert.Equal("managed (1 thread)", blas.Description);
    }

    [Fact]
    public void Auto_prefers_mkl_on_intel_and_openblas_elsewhere()
    {
        Assert.Equal([BlasBackend.Mkl, BlasBackend.OpenBlas], Blas.AutoOrder(intelCpu: true));
        Assert.Equal([BlasBackend.OpenBlas, BlasBackend.Mkl], Blas.AutoOrder(intelCpu: false));
    }

    [Fact]
    public void Auto_picks_the_first_native_library_that_loads_on_this_machine()
    {
        var expected = Blas.AutoOrder(Blas.IsIntelCpu())
            .Select(b => Blas.TryCreate(b, 1, out var blas, out _) ? blas.Name : null)
            .FirstOrDefault(name => name is not null) ?? "managed";
        Assert.Equal(expected, Blas.Create(BlasBackend.Auto, 1, Environment()).Name);
    }

    [Fact]
    public void Cpu_vendor_agrees_with_proc_cpuinfo()
    {
        const string cpuinfo = "/proc/cpuinfo";
        var vendor = File.Exists(cpuinfo)
            ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("vendor_id"))
            : null;
        if (vendor is null)
            Assert.False(OperatingSystem.IsLinux() && System.Runtime.Intrinsics.X86.X86Base.IsSupported, "x86 Linux without vendor_id in /proc/cpuinfo");
        else
            Assert.Equal(vendor.EndsWith("GenuineIntel"), Blas.IsIntelCpu());
    }

    [Fact]
    public void Environment_backend_overrides_the_one_asked_for()
    {
        var blas = Blas.Create(BlasBackend.OpenBlas, 1, Environment(("NMFGRID_BLAS", "managed")));
        Assert.Equal("managed", blas.Name);
    }

    [Fact]
    public void Environment_threads_override_the_count_asked_for()
    {
        var blas = Blas.Create(BlasBackend.OpenBlas, 1, Environment(("NMFGRID_BLAS_THREADS", "2")));
        Assert.Equal(2, blas.Threads);
        Assert.Equal(1, Blas.Create(BlasBackend.OpenBlas, 1, Environment()).Threads);
    }

    [Fact]
    public void Unknown_environment_backend_is_rejected_naming_the_variable()
    {
        var error = Assert.Throws<ArgumentException>(
            () => Blas.Create(BlasBackend.Auto, 1, Environment(("NMFGRID_BLAS", "cublas"))));
        Assert.Contains("NMFGRID_BLAS='cublas'", error.Message);
        Assert.Contains("openblas", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void Invalid_environment_threads_are_rejected_naming_the_variable(string value)
    {
        var error = Assert.Throws<ArgumentException>(
            () => Blas.Create(BlasBackend.Managed, 1, Environment(("NMFGRID_BLAS_THREADS", value))));
        Assert.Contains($"NMFGRID_BLAS_THREADS='{value}'", error.Message);
    }

    [Fact]
    public void Fewer_than_one_thread_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Create(BlasBackend.Managed, 0, Environment()));
        Assert.Equal("threads", error.ParamName);
    }

    [Fact]
    public void Unavailable_backend_error_names_the_library_package_and_who_asked()
    {
        var error = new BlasUnavailableException(BlasBackend.OpenBlas, "libopenblas0-pthread",
                                                 "none of libopenblas.so.0 could be loaded", "NMFGRID_BLAS=openblas");
        Assert.Contains("'openblas'", error.Message);
        Assert.Contains("NMFGRID_BLAS=openblas", error.Message);
        Assert.Contains("libopenblas.so.0", error.Message);
        Assert.Contains("apt-get install libopenblas0-pthread", error.Message);
        Assert.DoesNotContain("non-free", error.Message);
    }
}
