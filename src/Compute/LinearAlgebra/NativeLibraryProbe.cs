using System.Runtime.InteropServices;

namespace NmfGrid.Compute.LinearAlgebra;

/// <summary>Loads the first of several names or paths of a native library, remembering what was tried.</summary>
internal static class NativeLibraryProbe
{
    /// <returns>true with the handle and the name that loaded; false with every candidate tried, for the error message.</returns>
    public static bool TryLoadFirst(IEnumerable<string> candidates, out nint handle, out string loaded, out IReadOnlyList<string> tried)
    {
        var attempts = new List<string>();
        foreach (var candidate in candidates.Distinct())
        {
            attempts.Add(candidate);
            if (NativeLibrary.TryLoad(candidate, out handle))
            {
                loaded = candidate;
                tried = attempts;
                return true;
            }
        }
        handle = 0;
        loaded = "";
        tried = attempts;
        return false;
    }

    /// <summary>A C string returned by the library, or null for a null pointer.</summary>
    public static unsafe string? ReadCString(nint pointer) =>
        pointer == 0 ? null : Marshal.PtrToStringUTF8(pointer);
}
