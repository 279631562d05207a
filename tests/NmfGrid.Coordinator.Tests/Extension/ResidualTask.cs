using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Tests.Extension;

/// <summary>
/// A tiny task defined outside NmfGrid's own projects, to prove that one class (with its settings record) and one
/// registration are all a task needs: the |STFT| of the first `seconds` (default 4) of any track at 8 kHz, scored by
/// how much of it the model leaves out,
/// residual = ‖V − WH‖/‖V‖ (its headline, lower is better), and explained = 1 − residual².
/// The headline's name says nothing of its direction, so only the task can tell the reports.
/// </summary>
public sealed class ResidualTask : IMirTask
{
    public const string TaskName = "test_residual";

    public string Name => TaskName;

    public string Description => "how much of a track's |STFT| the factors leave out (a test assembly's task)";

    public Headline Headline { get; } = new("residual", MetricDirection.LowerIsBetter);

    public bool Accepts(ITrack track) => true;

    public ITaskSettings Parse(ConfigSection section) => ResidualSettings.From(section);

    public TaskInput Prepare(ITrack track, ITaskSettings settings, FeatureCache? cache, CancellationToken cancellation)
    {
        var seconds = ITaskSettings.Expect<ResidualSettings>(settings, this).Seconds;
        var audio = AudioReader.Read(track.AudioPath, new AudioReadOptions { SampleRate = 8000, Duration = seconds });
        return new Input(Spectrogram.Compute(audio, new FeatureParameters { Kind = FeatureKind.Stft, SampleRate = 8000, NFft = 512, HopLength = 256 }));
    }

    public IReadOnlyDictionary<string, double> Score(TaskInput input, NmfResult<double> factors, ITaskSettings settings, CancellationToken cancellation)
    {
        var residual = (input.V - factors.Reconstruction()).FrobeniusNorm() / input.V.FrobeniusNorm();
        return new Dictionary<string, double> { ["residual"] = residual, ["explained"] = 1 - residual * residual };
    }

    private sealed record Input(Matrix<double> V) : TaskInput(V);
}

/// <summary>The task's section, read once per configuration point: how many seconds of each track it scores.</summary>
public sealed record ResidualSettings(double Seconds) : ITaskSettings
{
    public ConfigSection Section { get; init; } = ConfigSection.Empty("task");

    public static ResidualSettings From(ConfigSection section)
    {
        section.RejectUnknown(["name", "seconds"]);
        var seconds = section.GetDouble("seconds", 4.0);
        return seconds > 0
            ? new ResidualSettings(seconds) { Section = section }
            : throw new ConfigKeyException(section.Key("seconds"), $"must be positive, got {seconds}");
    }
}
