using System.Reflection;

namespace NmfGrid.Coordinator.Tests;

/// <summary>
/// The nmfgrid a user builds: nmfgrid.dll in src/Coordinator's own output folder, which this project's build records
/// (the NmfgridDll assembly metadata, NmfGrid.Coordinator.Tests.csproj). Process tests start it there (`dotnet exec`),
/// not from the copy of nmfgrid.dll in this test's folder: a Release build of nmfgrid is platform-specific and
/// precompiled (ReadyToRun), its native libraries (SQLite's e_sqlite3, SkiaSharp) lie flat beside it where its
/// nmfgrid.deps.json looks for them, while this folder holds them under runtimes/RID/native.
/// </summary>
internal static class BuiltNmfgrid
{
    public static string Dll { get; } = Find();

    private static string Find()
    {
        var recorded = typeof(BuiltNmfgrid).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "NmfgridDll")?.Value;
        if (string.IsNullOrEmpty(recorded))
            throw new InvalidOperationException("NmfGrid.Coordinator.Tests.dll has no NmfgridDll metadata: build the test project with dotnet build");
        if (!File.Exists(recorded))
            throw new FileNotFoundException($"the nmfgrid this test project was built with is gone: no file '{recorded}' (rebuild src/Coordinator)", recorded);
        return recorded;
    }
}
