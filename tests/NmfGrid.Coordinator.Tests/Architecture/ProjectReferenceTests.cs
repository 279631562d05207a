using System.Xml.Linq;

namespace NmfGrid.Coordinator.Tests.Architecture;

/// <summary>
/// The project references the .csproj files declare, against docs/ARCHITECTURE.md's table. The type rules
/// (<see cref="ProjectRuleTests"/>) see what code uses; these see what a project could use, bench/ included, which no
/// test project references.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly Dictionary<string, string[]> Declared = new()
    {
        ["src/Compute/NmfGrid.Compute.csproj"] = [],
        ["src/Tasks/NmfGrid.Tasks.csproj"] = ["NmfGrid.Compute"],
        ["src/Messages/NmfGrid.Messages.csproj"] = [],
        ["src/Node/NmfGrid.Node.csproj"] = ["NmfGrid.Messages", "NmfGrid.Tasks", "NmfGrid.Compute"],
        // Compute only for `nmfgrid nmf` (LayerRules names its types).
        ["src/Coordinator/NmfGrid.Coordinator.csproj"] = ["NmfGrid.Messages", "NmfGrid.Node", "NmfGrid.Tasks", "NmfGrid.Compute"],
        // The grid benchmarks measure the embedded grid as `nmfgrid run` builds it (sweep coordinator, SQLite log,
        // workers), which only the Coordinator has; like a test project, bench is a leaf that nothing references.
        ["bench/NmfGrid.Bench/NmfGrid.Bench.csproj"] = ["NmfGrid.Compute", "NmfGrid.Tasks", "NmfGrid.Coordinator"],
    };

    public static TheoryData<string> Projects() => [.. Declared.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_references_what_the_architecture_allows(string project)
    {
        var references = References(Path.Combine(Repository(), project));
        Assert.Equal(Declared[project].Order(), references.Order());
    }

    [Fact]
    public void Only_tests_and_bench_reference_the_Coordinator()
    {
        var root = Repository();
        var referring = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj"))
            .Where(p => References(Path.Combine(root, p)).Contains("NmfGrid.Coordinator"))
            .ToArray();
        Assert.NotEmpty(referring);
        Assert.All(referring, p => Assert.True(p.StartsWith("tests/", StringComparison.Ordinal) || p.StartsWith("bench/", StringComparison.Ordinal), p));
    }

    private static string[] References(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToArray();

    private static string Repository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "NmfGrid.sln"))) return folder.FullName;
        }
        throw new DirectoryNotFoundException($"no NmfGrid.sln above {AppContext.BaseDirectory}");
    }
}
