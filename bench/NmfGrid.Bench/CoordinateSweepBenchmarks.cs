using BenchmarkDotNet.Attributes;
using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Bench;

/// <summary>
/// One Gauss–Seidel sweep of HALS / coordinate descent over the activations of 30 s of audio (n = 2584
/// frames, K components): the inner loop HALS repeats up to 100 times per update. n·K² multiply-adds.
/// </summary>
[Config(typeof(ShortJobConfig))]
public class CoordinateSweepBenchmarks
{
    private const int N = 2584;
    private double[] _a = [], _gram = [], _cross = [];
    private float[] _a32 = [], _gram32 = [], _cross32 = [];
    private bool[] _update = [];

    [Params(10, 88)]
    public int Rank { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        _a = Enumerable.Range(0, N * Rank).Select(_ => random.NextDouble()).ToArray();
        _cross = Enumerable.Range(0, N * Rank).Select(_ => Rank * random.NextDouble()).ToArray();
        _gram = new double[Rank * Rank];
        for (var i = 0; i < Rank; i++)
            for (var j = 0; j < Rank; j++)
                _gram[i + j * Rank] = i == j ? Rank : 0.25;
        _update = Enumerable.Repeat(true, Rank).ToArray();
        (_a32, _gram32, _cross32) = (_a.Select(x => (float)x).ToArray(), _gram.Select(x => (float)x).ToArray(),
                                     _cross.Select(x => (float)x).ToArray());
    }

    [Benchmark(Baseline = true)]
    public double Float64() => CoordinateSweep.Sweep(_a, _gram, _cross, N, Rank, _update).StepSquared;

    [Benchmark]
    public double Float32() => CoordinateSweep.Sweep(_a32, _gram32, _cross32, N, Rank, _update).StepSquared;
}
