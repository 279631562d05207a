using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Bench;

/// <summary>
/// The KL loss nn_fac's rule takes after every iteration, at transcription's shape (V 1765×1328, float64): the
/// ratio pass alone (V ./ WHc), the same pass with Σ V·log(V/WHc) (what an iteration with the loss costs), and
/// the logarithm alone over the kept ratios (a copy, then the logarithm in place), the table-driven one against the
/// runtime's.
/// `dotnet run -c Release --project bench/NmfGrid.Bench -- --filter '*LossLogarithm*'`
/// </summary>
[Config(typeof(ShortJobConfig))]
public class LossLogarithmBenchmarks
{
    private const int F = 1765, T = 1328;
    private const double Eps = 1.1920928955078125e-07;
    private double[] _v = null!, _wh = null!, _ratio = null!, _out = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _v = new double[F * T];
        _wh = new double[F * T];
        _out = new double[F * T];
        for (var i = 0; i < _v.Length; i++)
        {
            // Spectrogram-like magnitudes over many decades, a few zeros (excluded entries), a close model.
            _v[i] = random.NextDouble() < 0.05 ? 0.0 : Math.Exp((random.NextDouble() - 0.5) * 20.0);
            _wh[i] = _v[i] * (0.5 + random.NextDouble());
        }

        // What the losses take the logarithm of: V ./ WHc where V > eps32, 1 elsewhere (never 0).
        _ratio = new double[F * T];
        for (var i = 0; i < _v.Length; i++)
        {
            _ratio[i] = _v[i] > Eps ? _v[i] / Math.Max(_wh[i], Eps) : 1.0;
        }
    }

    [Benchmark(Baseline = true, Description = "ratio V./WHc")]
    public void Ratio() => MultiplicativeUpdateKernels.KullbackLeibler<double>(_v, _wh, _out, Eps);

    [Benchmark(Description = "ratio with Σ V·log (the loss)")]
    public double RatioWithLoss() => MultiplicativeUpdateKernels.KullbackLeiblerWithLoss<double>(_v, _wh, _out, Eps);

    [Benchmark(Description = "log, table-driven (NaturalLogarithm)")]
    public void TableDrivenLog()
    {
        _ratio.CopyTo(_out, 0);
        NaturalLogarithm.InPlace<double>(_out);
    }

    [Benchmark(Description = "log, the runtime's (TensorPrimitives)")]
    public void RuntimeLog()
    {
        _ratio.CopyTo(_out, 0);
        TensorPrimitives.Log<double>(_out, _out);
    }
}
