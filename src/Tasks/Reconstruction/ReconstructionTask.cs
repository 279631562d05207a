using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Reconstruction;

/// <summary>
/// How well the NMF models a track's spectrogram, with no annotations needed: the β-divergence the solver
/// reached, the relative Frobenius error ‖V − Λ‖/‖V‖ (Λ the model's reconstruction, W·H for plain NMF), the reconstruction SNR in dB, and how sparse H is.
/// It runs on any dataset, which makes it the task for comparing solvers as such, and for timing the grid.
/// </summary>
public sealed class ReconstructionTask : IMirTask
{
    public string Name => "reconstruction";

    public string Description => "NMF reconstruction quality of a track's spectrogram (loss, relative error, SNR, sparsity of H)";

    public Headline Headline { get; } = new("relative_error", MetricDirection.LowerIsBetter);

    public bool Accepts(ITrack track) => true;

    public ITaskSettings Parse(ConfigSection section) => ReconstructionSettings.From(section);

    public TaskInput Prepare(ITrack track, ITaskSettings settings, FeatureCache? cache, CancellationToken cancellation)
    {
        var s = ITaskSettings.Expect<ReconstructionSettings>(settings, this);
        var v = cache is null
            ? Spectrogram.Compute(AudioReader.Read(track.AudioPath, s.Read), s.Features)
            : cache.GetOrCompute(track.AudioPath, s.Read, s.Features);
        return new Input(v);
    }

    public IReadOnlyDictionary<string, double> Score(TaskInput input, NmfResult<double> factors, ITaskSettings settings,
                                                     CancellationToken cancellation)
    {
        var v = input.V;
        var residual = v - factors.Reconstruction();
        var relative = residual.FrobeniusNorm() / Math.Max(v.FrobeniusNorm(), double.Epsilon);
        return new Dictionary<string, double>
        {
            ["loss"] = factors.Loss,
            ["relative_error"] = relative,
            ["snr_db"] = -20 * Math.Log10(Math.Max(relative, 1e-300)),
            ["sparsity_h"] = Hoyer(factors.H),
        };
    }

    /// <summary>Hoyer's sparseness of H's entries: 0 when all equal, 1 when only one is nonzero.</summary>
    private static double Hoyer(Matrix<double> h)
    {
        var n = h.RowCount * h.ColumnCount;
        var l1 = h.Enumerate().Sum(Math.Abs);
        var l2 = h.FrobeniusNorm();
        return n <= 1 || l2 == 0 ? 0 : (Math.Sqrt(n) - l1 / l2) / (Math.Sqrt(n) - 1);
    }

    private sealed record Input(Matrix<double> V) : TaskInput(V);
}
