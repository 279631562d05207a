using BenchmarkDotNet.Attributes;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Bench;

/// <summary>
/// The seed's feature workloads on a 30 s excerpt at 44.1 kHz: stft magnitudes for MUSDB (2048/512) and MAPS
/// (3528/882, a non-power-of-two FFT), the mel family for structure analysis, and the inverse STFT of separation.
/// `dotnet run -c Release --project bench/NmfGrid.Bench -- --filter '*Stft*'`.
/// </summary>
[MemoryDiagnoser]
public class StftBenchmarks
{
    private double[] _signal = [];
    private MathNet.Numerics.LinearAlgebra.Matrix<System.Numerics.Complex> _stft = null!;

    [Params(2048, 3528, 4096)]
    public int NFft { get; set; }

    private int Hop => NFft == 3528 ? 882 : NFft / 4;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _signal = Enumerable.Range(0, 30 * 44100).Select(_ => random.NextDouble() - 0.5).ToArray();
        _stft = Stft.Forward(_signal, NFft, Hop);
    }

    [Benchmark]
    public object Magnitude() => Stft.Magnitude(_signal, NFft, Hop);

    [Benchmark]
    public object Complex() => Stft.Forward(_signal, NFft, Hop);

    [Benchmark]
    public object Inverse() => Stft.Inverse(_stft, Hop);

    [Benchmark]
    public object NnLogMel() => Spectrogram.Compute(_signal, new FeatureParameters { Kind = FeatureKind.NnLogMel, HopLength = Hop });
}
