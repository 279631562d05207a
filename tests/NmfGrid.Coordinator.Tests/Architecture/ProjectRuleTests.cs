using NetArchTest.Rules;

namespace NmfGrid.Coordinator.Tests.Architecture;

/// <summary>
/// The project-level rules of docs/ARCHITECTURE.md, checked on the built assemblies: what each src project's types may
/// depend on. A new arrow that breaks them fails here, naming the type and what it reached.
/// </summary>
public sealed class ProjectRuleTests
{
    public static TheoryData<string> Projects() => [.. LayerRules.Projects.Select(r => r.Namespace)];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_keeps_its_dependency_rule(string project)
    {
        var problems = LayerRules.Projects.Single(r => r.Namespace == project).Check(LayerRules.Assemblies);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Messages_use_nothing_but_the_runtime_and_Akka()
    {
        var result = Types.InAssembly(typeof(Messages.IGridMessage).Assembly).That().ResideInNamespace("NmfGrid.Messages")
            .Should().OnlyHaveDependenciesOn("System", "Akka", "NmfGrid.Messages").GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
