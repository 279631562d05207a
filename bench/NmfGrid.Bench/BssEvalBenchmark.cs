using BenchmarkDotNet.Attributes;
using NmfGrid.Tasks.Metrics;

namespace NmfGrid.Bench;

/// <summary>
/// BSS Eval v3 (with permutation search) and v4 (1 s windows) on synthetic stems: 10 s at 8 kHz.
/// Cost is dominated by the LU of the (512·nsrc)² Gram matrix and the FFT correlations.
/// </summary>
[MemoryDiagnoser]
public class BssEvalBenchmark
{
    private const int Rate = 8000;
    private double[][] _references = [];
    private double[][] _estimates = [];

    [Params(2, 4)]
    public int Sources { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        int n = 10 * Rate;
        _references = Enumerable.Range(0, Sources).Select(k =>
            Enumerable.Range(0, n).Select(t => Math.Sin(2 * Math.PI * (110 + 90 * k) * t / Rate) + 0.1 * (rng.NextDouble() - 0.5)).ToArray()).ToArray();
        _estimates = _references.Select((r, k) =>
            r.Select((x, t) => x + 0.2 * _references[(k + 1) % Sources][t] + 0.02 * (rng.NextDouble() - 0.5)).ToArray()).ToArray();
    }

    [Benchmark]
    public SourceSeparationScores BssEvalV3() => BssEvalSources.Evaluate(_references, _estimates);

    [Benchmark]
    public FramewiseSeparationScores BssEvalV4Framewise() => BssEvalV4.Evaluate(_references, _estimates, Rate, Rate);

    [Benchmark]
    public EstimateScore[] SiSdr() => ScaleInvariantSdr.SiSdr(_references, _estimates);
}
