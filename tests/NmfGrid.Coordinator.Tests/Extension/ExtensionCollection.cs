namespace NmfGrid.Coordinator.Tests.Extension;

/// <summary>
/// Tests that register an algorithm or a task in the process-wide registries: they run alone, so that no other test
/// sees the registry change while it reads it (e.g. comparing `nmf --list` with the registered names).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExtensionCollection
{
    public const string Name = "registry extensions";
}
