namespace NmfGrid.Coordinator.Tests.Fixtures;

/// <summary>The repository's benchmarks/ folder (the shipped configs), found above the test binaries.</summary>
public static class ShippedBenchmarks
{
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "benchmarks");
            if (File.Exists(Path.Combine(candidate, "tasks-seed.yaml"))) return candidate;
        }

        throw new DirectoryNotFoundException("benchmarks/tasks-seed.yaml not found above " + AppContext.BaseDirectory);
    }
}
