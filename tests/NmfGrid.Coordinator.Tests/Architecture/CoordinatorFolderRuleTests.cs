using NetArchTest.Rules;

namespace NmfGrid.Coordinator.Tests.Architecture;

/// <summary>
/// The rules inside src/Coordinator (docs/ARCHITECTURE.md): Config, Sweeps, Reports, Persistence, Hosting and Commands
/// from the bottom up, each reaching only the folders below it, with the exceptions named one by one in
/// <see cref="LayerRules"/>.
/// </summary>
public sealed class CoordinatorFolderRuleTests
{
    public static TheoryData<string> Folders() => [.. LayerRules.CoordinatorFolders.Select(r => r.Namespace)];

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_keeps_its_dependency_rule(string folder)
    {
        var problems = LayerRules.CoordinatorFolders.Single(r => r.Namespace == folder).Check(LayerRules.Assemblies);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_Coordinator_namespace_has_its_place_in_the_rules()
    {
        var namespaces = Types.InAssembly(typeof(Program).Assembly).GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && (n == "NmfGrid.Coordinator" || n.StartsWith("NmfGrid.Coordinator.", StringComparison.Ordinal)))
            .Distinct();
        Assert.Empty(namespaces.Where(n => !LayerRules.CoordinatorNamespaces.Contains(n!)));
    }
}
