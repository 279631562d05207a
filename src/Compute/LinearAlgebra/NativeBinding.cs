namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>
/// What loading one native BLAS library found: its cblas entry points, its LAPACK SVD (null without one) and
/// thread-count functions, or why it could not be loaded. MKL and OpenBLAS differ only in how they are found and initialised, not in this.
/// </summary>
internal sealed unsafe record NativeBinding(string Library, string? Version, Cblas? Cblas, Lapack? Lapack, nint SetThreads, nint GetThreads, string? Failure)
{
    public static NativeBinding Unavailable(string library, string? failure) => new(library, null, null, null, 0, 0, failure);

    /// <summary>A backend named <paramref name="name"/> using <paramref name="threads"/> threads, or null with the reason it cannot load.</summary>
    public NativeBlas? TryCreate(string name, int threads, out string failure)
    {
        if (Cblas is null)
        {
            failure = Failure!;
            return null;
        }
        failure = "";
        if (SetThreads != 0)
            ((delegate* unmanaged<int, void>)SetThreads)(threads);
        return new NativeBlas(name, Library, Version, Cblas, Lapack, Threads);
    }

    /// <summary>The library's thread count, and the scopes that lower it to one (one per library, as the count is).</summary>
    public NativeThreadScope Threads { get; } = new(SetThreads, GetThreads);
}
