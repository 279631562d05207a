using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Tests.Commands;

namespace NmfGrid.Coordinator.Tests.Extension;

/// <summary>
/// An algorithm is one class and one registration: <see cref="DampedFrobeniusMu"/>, defined in this test assembly and
/// registered through <see cref="AlgorithmRegistry.Register"/>, runs through Factorization.Run with its own setting,
/// and a config selects it by name with no preset file and sweeps it end to end.
/// </summary>
[Collection(ExtensionCollection.Name)]
public sealed class AlgorithmExtensionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmfgrid-algorithm-extension-").FullName;

    public AlgorithmExtensionTests() => AlgorithmRegistry.Register(new DampedFrobeniusMu());

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_registered_algorithm_runs_through_the_front_door_with_its_own_setting()
    {
        var random = new Random(3);
        var v = Matrix<double>.Build.Dense(30, 40, (_, _) => 0.01 + random.NextDouble());
        var losses = new List<double>();
        var options = new NmfOptions
        {
            Rank = 4, MaxIterations = 40, Tolerance = 0, Seed = 1,
            Parameters = new Dictionary<string, double> { ["damping"] = 0.5 }, OnLoss = (_, loss) => losses.Add(loss),
        };

        var result = Factorization.Run(v, DampedFrobeniusMu.AlgorithmName, "nndsvda", options, new ManagedBlas());

        Assert.Equal(40, result.Iterations);
        Assert.All(losses.Zip(losses.Skip(1)), pair => Assert.True(pair.Item2 <= pair.Item1 * (1 + 1e-12)));
        Assert.True(result.Loss < result.LossHistory[0].Loss / 2, $"{result.LossHistory[0].Loss} → {result.Loss}");
        // Its parameter is declared, so Factorization.Run checks it like a built-in's.
        var outOfRange = options with { Parameters = new Dictionary<string, double> { ["damping"] = 2.0 } };
        Assert.Contains("damping must be in [0.1, 1]",
            Assert.Throws<ArgumentException>(() => Factorization.Run(v, DampedFrobeniusMu.AlgorithmName, "nndsvda", outOfRange, new ManagedBlas())).Message);
    }

    [Fact]
    public async Task A_registered_algorithm_is_selected_by_name_with_no_preset_and_swept()
    {
        var config = TinyBenchmark.Write(_root, "outputs/nmfgrid.db", tracks: 2); // reconstruction, presets: algorithm/mu.yaml only
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(config)!, "algorithm", DampedFrobeniusMu.AlgorithmName + ".yaml")));
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await RunCommand.Run(config, [$"algorithm={DampedFrobeniusMu.AlgorithmName}", "algorithm.max_iter=20", "algorithm.damping=0.5,1"],
                                        multirun: true, planOnly: false, output, error, CancellationToken.None);

        Assert.True(code == 0, error + output.ToString());
        var csv = File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "outputs"), "results.csv", SearchOption.AllDirectories).Single());
        Assert.Equal(1 + 2 * 2 * 2, csv.Length); // damping × rank × tracks
        Assert.StartsWith("sweep,job,point,configuration,algorithm.damping,algorithm.rank,track,status", csv[0]);
        Assert.All(csv[1..], row => Assert.Contains(",succeeded,", row));
        Assert.Contains("## reconstruction, ranked by relative_error",
                        File.ReadAllText(Directory.GetFiles(Path.Combine(_root, "outputs"), "summary.md", SearchOption.AllDirectories).Single()));
    }
}
