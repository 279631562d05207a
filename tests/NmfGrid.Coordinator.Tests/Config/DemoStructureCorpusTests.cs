using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Tests.Fixtures;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Tests.Config;

/// <summary>
/// benchmarks/demo.yaml's structure songs are long enough for segmentation to show: several sections of at least 4 bars.
/// With 8-bar songs in 2-bar sections, CBM's modulo-8 penalty kept every song as one segment (F at 3 s = 0.33).
/// </summary>
public sealed class DemoStructureCorpusTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-demo-structure-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_demos_structure_songs_have_at_least_four_sections_of_four_bars_or_more()
    {
        var points = SweepPlanner.Plan(Path.Combine(ShippedBenchmarks.Folder(), "demo.yaml"), [], multirun: true, DateTimeOffset.UnixEpoch);
        var structure = points.Select(p => JobConfig.FromTree(p.Config.Root)).Single(c => c.TaskName == "structure");
        var root = Path.Combine(_root, structure.DatasetName);
        // The corpus the demo generates, written here instead of at its own root.
        var request = SyntheticCorpusRequest.For(structure.Dataset, structure.DatasetName, root, _ => null);
        request.Corpus.Write(root, request.Options);
        var dataset = DatasetRegistry.Open(structure.DatasetName, root, structure.Dataset);

        Assert.NotEmpty(dataset.TrackIds());
        foreach (var id in dataset.TrackIds())
        {
            var track = Assert.IsAssignableFrom<IStructureTrack>(dataset.Track(id));
            var downbeats = track.Beats!.Where(b => b.PositionInBar == 1).Select(b => b.Time).ToArray();
            var bars = track.Sections.Select(s => downbeats.Count(t => t >= s.Start - 1e-6 && t < s.End - 1e-6)).Where(n => n > 0).ToArray();
            Assert.True(bars.Length >= 4, $"{id}: {bars.Length} musical sections");
            Assert.All(bars, n => Assert.True(n >= 4, $"{id}: a section of {n} bars ({string.Join(", ", bars)})"));
        }
    }
}
