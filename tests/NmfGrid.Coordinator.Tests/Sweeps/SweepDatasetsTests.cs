using NmfGrid.Coordinator.Config;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>A sweep whose points use different datasets gives each point its own dataset's tracks.</summary>
public sealed class SweepDatasetsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-sweep-datasets-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IReadOnlyList<SweepPoint> Point(string dataset, string extra = "")
    {
        var data = Path.Combine(_root, dataset);
        if (!Directory.Exists(data))
            SyntheticCorpora.Get(dataset).Write(data, new SynthesisOptions(Tracks: 2, Seed: 0, Duration: 2));
        var config = Path.Combine(_root, dataset + ".yaml");
        File.WriteAllText(config, $"""
            task: {"{"}name: reconstruction{"}"}
            algorithm: {"{"}name: mu, rank: 2, max_iter: 2{"}"}
            dataset: {"{"}name: {dataset}, root: {data}{extra}{"}"}
            """);
        return SweepPlanner.Plan(config, [], multirun: true, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Each_point_scores_the_tracks_of_its_own_dataset_and_subsets()
    {
        var maps = Point("maps");
        var musdb = Point("musdb18hq", ", subsets: [test]");
        var points = maps.Concat(musdb.Select(p => p with { Index = 1 })).ToArray();

        var plan = SweepBuilder.Build("mixed", points);

        var byDataset = plan.Sweep.Jobs.GroupBy(j => j.Dataset).ToDictionary(g => g.Key, g => g.Select(j => j.TrackId).ToArray());
        Assert.All(byDataset["maps"], id => Assert.StartsWith("MAPS_MUS-", id));
        Assert.Equal(2, byDataset["maps"].Length);
        // musdb18hq with subsets [test] holds the test tracks only (the synthetic corpus has both subsets).
        Assert.NotEmpty(byDataset["musdb18hq"]);
        Assert.All(byDataset["musdb18hq"], id => Assert.DoesNotContain("MAPS", id));
        Assert.True(byDataset["musdb18hq"].Length < Directory.GetDirectories(Path.Combine(_root, "musdb18hq"), "*", SearchOption.AllDirectories).Length);
    }
}
