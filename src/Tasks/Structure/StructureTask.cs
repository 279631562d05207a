using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Metrics;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Structure;

/// <summary>
/// Barwise music structure analysis as the seed runs it (nmf_audio_benchmark tasks/music/msa.py with as_seg 0.1.11):
/// bars from the annotated beats (or the beat tracker), the barwise TF matrix, NMF of it, the autosimilarity of each
/// bar's activations, CBM (or Foote novelty) segmentation, bar indices to seconds, and boundary hit rates at 0.5 s and 3 s.
/// </summary>
public sealed class StructureTask : IMirTask, ITensorTask, IPredictionTask
{
    /// <summary>Tolerance windows of the seed's scores (MIREX): 0.5 s and 3 s.</summary>
    public static IReadOnlyList<(string Suffix, double Window)> Windows => WindowList;

    // An array the scoring loop indexes itself: enumerating the tuples through the interface is generic code the JIT
    // compiles at a process's first track.
    private static readonly (string Suffix, double Window)[] WindowList = [("05", 0.5), ("3", 3.0)];

    public string Name => "structure";

    public string Description => "Barwise NMF + CBM segmentation; boundary P/R/F at 0.5 s and 3 s.";

    public Headline Headline { get; } = new("f3", MetricDirection.HigherIsBetter);

    public IReadOnlyList<string> PredictionKeys =>
    [
        "representation", "similarity", "segmenter", "min_size", "max_size", "penalty_weight", "penalty_func", "bands", "last_bar", "bar_times",
        "trim", "foote_width", "foote_threshold",
    ];

    public bool Accepts(ITrack track) => track is IStructureTrack;

    public ITaskSettings Parse(ConfigSection section) => StructureSettings.From(section);

    private StructureSettings Settings(ITaskSettings settings) => ITaskSettings.Expect<StructureSettings>(settings, this);

    /// <summary>`representation: barwise` compares the bars of V itself: no factorisation to run.</summary>
    public bool ReadsFactors(ITaskSettings settings) => Settings(settings).Representation == BarRepresentation.Nmf;

    /// <summary>With bars as columns (bar_axis: columns): the barwise tensor is the barwise matrix folded into bar × frequency × subdivision.</summary>
    public bool PreparesTensor(ITaskSettings settings) => !Settings(settings).BarsAsRows;

    public TaskInput Prepare(ITrack track, ITaskSettings settings, FeatureCache? cache, CancellationToken cancellation)
    {
        var structure = track as IStructureTrack
            ?? throw new ArgumentException($"Track '{track.Id}' has no section annotations; the structure task needs them.", nameof(track));
        var resolved = Settings(settings).For(track);
        var features = resolved.Features;
        var read = new AudioReadOptions { SampleRate = features.SampleRate, Mono = true };
        var signal = AudioReader.Read(track.AudioPath, read);
        cancellation.ThrowIfCancellationRequested();
        var bars = Bars.ForTrack(structure, signal.DurationSeconds, () => (signal.Mono(), signal.SampleRate));
        var hopSeconds = (double)features.HopLength / features.SampleRate;
        Matrix<double> v;
        IReadOnlyList<Bar> columnBars;
        try
        {
            (v, columnBars) = Barwise(track, signal, read, features, bars, hopSeconds, resolved.Subdivision, cache);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Track '{track.Id}' ({track.AudioPath}): {e.Message}", e);
        }
        if (resolved.BarsAsRows) return new StructureInput(v.Transpose(), bars, columnBars, structure.Sections, resolved);
        // The barwise tensor is the same numbers in three axes, for the tensor models (tucker_hals, tucker_mu, …).
        return new StructureInput(v, bars, columnBars, structure.Sections, resolved) { Tensor = BarwiseTensor.ForTask(v, resolved.Subdivision) };
    }

    /// <summary>
    /// The barwise matrix. Its bars read a tenth of the frames or less (96 of the ~900 frames of a bar at hop 96), so
    /// the features that go frame by frame are computed at those frames only (cached as such), the others whole.
    /// </summary>
    private static (Matrix<double> V, IReadOnlyList<Bar> ColumnBars) Barwise(ITrack track, AudioSignal signal, AudioReadOptions read,
        FeatureParameters features, IReadOnlyList<Bar> bars, double hopSeconds, int subdivision, FeatureCache? cache)
    {
        // The float mix: the frames read it in place (no double copy of the song; Spectrogram.ComputeAt(float[], …)).
        var mono = signal.Mono();
        if (Spectrogram.FrameCount(mono.Length, features) is { } frameCount
            && BarwiseMatrix.SampledFrames(bars, hopSeconds, subdivision, frameCount) is { Length: > 0 } frames)
        {
            var sampled = cache is null
                ? Spectrogram.ComputeAt(mono, features, frames)
                : cache.GetOrCompute(SampledFramesKey(track.AudioPath, read, features, frames), () => Spectrogram.ComputeAt(mono, features, frames));
            return BarwiseMatrix.Compute(sampled, frames, frameCount, bars, hopSeconds, subdivision);
        }
        var y = signal.MonoAsDouble();
        var spectrogram = cache is null
            ? Spectrogram.Compute(y, features)
            : cache.GetOrCompute(FeatureCacheKey.ForFile(track.AudioPath, read, features), () => Spectrogram.Compute(y, features));
        return BarwiseMatrix.Compute(spectrogram, bars, hopSeconds, subdivision);
    }

    /// <summary>The features of an audio file at the listed frames: the file's feature key and a digest of the frames.</summary>
    private static ArtifactKey SampledFramesKey(string audioPath, AudioReadOptions read, FeatureParameters features, int[] frames)
    {
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(frames.AsSpan())));
        return new ArtifactKey(features.KindName + "-frames",
            $"{FeatureCacheKey.ForFile(audioPath, read, features).CanonicalString}|frames[{frames.Length}:{digest}]");
    }

    /// <summary>Trim (whether the first and last boundaries are scored) acts only in scoring; the windows are fixed.</summary>
    public IReadOnlyList<string> ScoringKeys => ["trim"];

    public IReadOnlyDictionary<string, double> Score(TaskInput input, NmfResult<double> factors, ITaskSettings settings, CancellationToken cancellation) =>
        Evaluate(input, Predict(input, factors, settings, cancellation), settings, cancellation);

    /// <summary>Segment the bars (<see cref="Segment"/>), then bar indices to seconds.</summary>
    public TaskPrediction Predict(TaskInput input, NmfResult<double> factors, ITaskSettings settings, CancellationToken cancellation)
    {
        var prepared = Prepared(input);
        var segments = Segment(prepared, factors);
        var estimate = prepared.Settings.TimesFromColumns
            ? BarTimes.FromColumns(segments.Segments, prepared.ColumnBars)
            : BarTimes.Seed(segments.Segments, prepared.Bars);
        return new SegmentEstimate(estimate, segments.Score);
    }

    /// <summary>Boundary hit rates at each of <see cref="Windows"/> against the reference sections.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(TaskInput input, TaskPrediction prediction, ITaskSettings settings, CancellationToken cancellation)
    {
        var prepared = Prepared(input);
        var estimate = prediction as SegmentEstimate
            ?? throw new ArgumentException($"The structure task scores a SegmentEstimate; got {prediction.GetType().Name}.", nameof(prediction));
        var s = prepared.Settings;
        var reference = new TimeInterval[prepared.Reference.Count];
        for (var i = 0; i < reference.Length; i++)
            reference[i] = new TimeInterval(prepared.Reference[i].Start, prepared.Reference[i].End);

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["bars"] = s.BarsAsRows ? prepared.V.RowCount : prepared.V.ColumnCount,
            ["segments"] = estimate.Segments.Count,
            ["segmentation_score"] = estimate.SegmentationScore,
        };
        foreach (var (suffix, window) in WindowList)
        {
            var scores = BoundaryDetection.ScoreAsSeed(reference, estimate.Segments, window, s.Trim);
            metrics["p" + suffix] = scores.Precision;
            metrics["r" + suffix] = scores.Recall;
            metrics["f" + suffix] = scores.F1;
        }
        return metrics;
    }

    public TaskPrediction? Unpack(Matrix<double> packed, TaskInput input, NmfResult<double> factors, ITaskSettings settings) =>
        SegmentEstimate.Unpack(packed);

    private static StructureInput Prepared(TaskInput input) => input as StructureInput
        ?? throw new ArgumentException($"The structure task cannot score a {input.GetType().Name}.", nameof(input));

    /// <summary>Bar features (a row per bar), their autosimilarity, then the chosen segmenter.</summary>
    public static BarSegmentation Segment(StructureInput input, NmfResult<double> factors)
    {
        var s = input.Settings;
        var barFeatures = (s.Representation, s.BarsAsRows) switch
        {
            (BarRepresentation.Nmf, true) => factors.W,
            (BarRepresentation.Nmf, false) => factors.H.Transpose(),
            (_, true) => input.V,
            _ => input.V.Transpose(),
        };
        var similarity = Autosimilarity.Compute(barFeatures, s.Similarity);
        return s.Segmenter == "foote"
            ? FooteNovelty.Segment(similarity, s.FooteWidth, s.FooteThreshold, s.Cbm.IncludeLastBar ? similarity.RowCount : similarity.RowCount - 1)
            : CorrelationBlockMatching.Segment(similarity, s.Cbm);
    }
}
