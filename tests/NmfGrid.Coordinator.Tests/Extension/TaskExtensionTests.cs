using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Tests.Commands;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Tests.Extension;

/// <summary>
/// A task is one class and one registration: <see cref="ResidualTask"/>, defined in this test assembly and registered
/// through <see cref="TaskRegistry.Register"/>, is selected by name with no preset file, swept end to end by the real
/// grid and pipeline, and reported by the headline it declares (a metric whose name says nothing of its direction).
/// </summary>
[Collection(ExtensionCollection.Name)]
public sealed class TaskExtensionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-task-extension-").FullName;

    public TaskExtensionTests() => TaskRegistry.Register(new ResidualTask());

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_registered_task_is_swept_with_no_preset_and_ranked_by_its_declared_headline()
    {
        var config = TinyBenchmark.Write(_root, "outputs/nmfgrid.db", tracks: 3); // mu at ranks 2 and 4 on synthetic MUSDB18-HQ
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(config)!, "task", ResidualTask.TaskName + ".yaml")));
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await RunCommand.Run(config, [$"task={ResidualTask.TaskName}"], multirun: true, planOnly: false, output, error, CancellationToken.None);

        Assert.True(code == 0, error + output.ToString());
        var summaryPath = Directory.GetFiles(Path.Combine(_root, "outputs"), "summary.md", SearchOption.AllDirectories).Single();
        var summary = File.ReadAllText(summaryPath);
        Assert.Contains("6 jobs, 6 succeeded, 0 failed", summary);
        // "residual" comes after "explained" and names no direction: only the task's declaration ranks by it, lowest first.
        Assert.Contains("## test_residual, ranked by residual", summary);
        Assert.Contains("### 1. algorithm.rank=4", summary);
        Assert.Contains("### Comparisons on residual (lower is better)", summary);
        Assert.Contains("Baseline: **algorithm.rank=4** (the best by mean", summary);
        var folder = Path.GetDirectoryName(summaryPath)!;
        Assert.True(File.Exists(Path.Combine(folder, "test_residual-residual.png")));
        Assert.True(File.Exists(Path.Combine(folder, "test_residual-residual-cd.png")));
    }
}
