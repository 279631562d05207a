using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Metrics;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Separation;

/// <summary>
/// Music source separation (nmf_audio_benchmark tasks/music/mss.py): NMF of the mixture's magnitude STFT, the
/// components grouped into sources by k-means (`method: clustering`) or labelled by the per-stem dictionaries learned
/// from the train subset (`method: supervised | semi_supervised`, see <see cref="StemDictionary"/>), each source
/// rebuilt from its components (soft masks on the complex mixture, or the seed's partial W·H with the mixture
/// phase), inverse STFT, then SI-SDR/SNR (and optionally BSS Eval) against the stems. Metric names: "si_sdr.vocals",
/// "snr.bass", "si_sdr.mean"; the assignment not chosen by the settings is reported too, prefixed
/// ("argmax.si_sdr.mean" or "optimal.si_sdr.mean"); "silent_stems" counts the stems left unscored as silent
/// (<see cref="SilentStems"/>).
/// </summary>
public sealed class SeparationTask : ISupervisedTask, IPredictionTask
{
    /// <summary>The separation targets, in MUSDB order.</summary>
    public static readonly IReadOnlyList<Stem> Targets = [Stem.Drums, Stem.Bass, Stem.Other, Stem.Vocals];

    public string Name => "separation";

    public string Description =>
        "Music source separation: cluster NMF components into sources (or fix per-stem dictionaries learned on the train subset), mask, invert, score per stem.";

    public Headline Headline { get; } = new("si_sdr.mean", MetricDirection.HigherIsBetter);

    public IReadOnlyList<string> PredictionKeys =>
    [
        "n_sources", "clustering", "mfcc_sample_rate", "scale_invariant_mfcc", "n_mels", "n_mfcc", "kmeans", "n_init", "kmeans_seed", "stability_seeds",
        "masking", "mask_power", "phase", "griffin_lim_iter", "full_length", "assignment", "bss_eval", "write_audio_to", "silent_stem_db", "free_stem",
    ];

    public bool Accepts(ITrack track) => track is IStemTrack;

    public ITaskSettings Parse(ConfigSection section) => SeparationSettings.From(section);

    private SeparationSettings Settings(ITaskSettings settings) => ITaskSettings.Expect<SeparationSettings>(settings, this);

    public bool IsSupervised(ITaskSettings settings) => Settings(settings).Method != SeparationMethod.Clustering;

    public void CheckTraining(IDataset dataset, IReadOnlyList<string> scoredTrackIds, ITaskSettings settings)
    {
        Training(dataset, settings);
        var trained = dataset is IStemTrainingSet set ? scoredTrackIds.Where(id => set.IsTraining(set.Track(id))).ToArray() : [];
        if (trained.Length > 0)
            throw new ConfigKeyException("dataset.subsets",
                $"{trained.Length} scored track(s) are training tracks ('{trained[0]}'): the supervised separation learns from train/ and " +
                "must not score it; set dataset.subsets: [test]");
    }

    public TemplateDictionary Learn(IDataset dataset, ITaskSettings settings, IBlas blas, FeatureCache? cache, CancellationToken cancellation)
    {
        var s = Settings(settings);
        var training = Training(dataset, settings);
        Matrix<double> Build() => StemDictionary.Learn(training, s, blas, cancellation);
        var w = cache is null ? Build() : cache.GetOrComputeOnce(StemDictionary.Key(training, s), Build, cancellation);
        return StemDictionary.Labelled(w, s);
    }

    /// <summary>The train/ tracks of the dataset's root; none is an error naming the folder.</summary>
    private static IReadOnlyList<IStemTrack> Training(IDataset dataset, ITaskSettings settings)
    {
        var training = StemDictionary.TrainingTracks(dataset);
        return training.Count > 0
            ? training
            : throw new ConfigKeyException(settings.Section.Key("method"),
                $"{Path.Combine(dataset.Root, "train")}: no training tracks; the supervised separation learns from them");
    }

    public TaskInput Prepare(ITrack track, ITaskSettings settings, FeatureCache? cache, CancellationToken cancellation)
    {
        var stemTrack = track as IStemTrack
            ?? throw new ArgumentException($"Track '{track.Id}' has no stems: the separation task needs a stem dataset (MUSDB18).");
        var s = Settings(settings);
        var read = new AudioReadOptions { SampleRate = s.SampleRate, Mono = true, Offset = s.Offset, Duration = s.Duration };
        var mixture = AudioReader.Read(track.AudioPath, read with { Stem = (int)Stem.Mixture }).MonoAsDouble();
        if (mixture.Length == 0)
            throw new ArgumentException($"Track '{track.Id}': no mixture samples in {track.AudioPath} (offset {s.Offset} s).");
        cancellation.ThrowIfCancellationRequested();

        // Not cached: writing the complex STFT (1025 × 2584 × 16 bytes, 42 MB for 30 s) and hashing it cost 0.3 s a track,
        // reading it back more than the 2,584 FFTs (about 20 ms of CPU), docs/performance.md.
        // The magnitudes in the same pass, frame by frame while its bins are in the cache (Complex.Magnitude's numbers).
        var (spectrum, magnitude) = Stft.ForwardWithMagnitude(mixture, s.NFft, s.HopLength);

        var references = new List<double[]>();
        foreach (var stem in Targets)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!stemTrack.StemPaths.TryGetValue(stem, out var path))
                throw new ArgumentException($"Track '{track.Id}' has no {stem.ToString().ToLowerInvariant()} stem.");
            references.Add(AudioReader.Read(path, read with { Stem = (int)stem }).MonoAsDouble());
        }
        return new StemMixture(magnitude, spectrum, Targets, references, mixture, s.SampleRate, track.Id);
    }

    /// <summary>
    /// Keys that act only in scoring: the assignment rule, BSS Eval, the silent-stem threshold (which stems are scored)
    /// and where the scored stems are written.
    /// </summary>
    public IReadOnlyList<string> ScoringKeys => ["assignment", "bss_eval", "silent_stem_db", "write_audio_to"];

    public IReadOnlyDictionary<string, double> Score(TaskInput input, NmfResult<double> factors, ITaskSettings settings,
                                                     CancellationToken cancellation) =>
        Evaluate(input, Predict(input, factors, settings, cancellation), settings, cancellation);

    /// <summary>The components assigned to sources (clustered, or by the learned stems), each source rebuilt and inverted.</summary>
    public TaskPrediction Predict(TaskInput input, NmfResult<double> factors, ITaskSettings settings, CancellationToken cancellation)
    {
        var mixture = Prepared(input);
        var s = Settings(settings);
        if (s.Method != SeparationMethod.Clustering && input.Templates is null)
            throw new ArgumentException($"task.method = {settings.Section.GetString("method", "")} needs the learned stem dictionaries: run the track through TrackPipeline with its dataset.");
        return SourceSeparation.Run(mixture, factors, s, JobSeed(input), s.Method == SeparationMethod.Clustering ? null : input.Templates);
    }

    /// <summary>SI-SDR and SNR per stem by both assignment rules (silent stems left out), BSS Eval on the one-to-one pairs.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(TaskInput input, TaskPrediction prediction, ITaskSettings settings,
                                                        CancellationToken cancellation)
    {
        var mixture = Prepared(input);
        var separation = prediction as StemEstimate
            ?? throw new ArgumentException($"The separation task scores a StemEstimate; got {prediction.GetType().Name}.", nameof(prediction));
        var s = Settings(settings);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (separation.Stability is { } stability) metrics["clustering.stability"] = stability;
        cancellation.ThrowIfCancellationRequested();

        var names = mixture.Stems.Select(st => st.ToString().ToLowerInvariant()).ToArray();
        var silent = SilentStems.Find(mixture.References, mixture.Mixture, separation.Estimates.Min(e => e.Length), s.SilentStemDb);
        metrics["silent_stems"] = silent.Count(x => x);
        var (siSdrAll, snrAll) = PairwiseSdr.ComputeBoth(mixture.References, separation.Estimates);
        var siSdr = SilentStems.Exclude(siSdrAll, silent);
        var snr = SilentStems.Exclude(snrAll, silent);
        foreach (var kind in new[] { s.Assignment, s.Assignment == AssignmentKind.Argmax ? AssignmentKind.Optimal : AssignmentKind.Argmax })
        {
            var prefix = kind == s.Assignment ? "" : kind == AssignmentKind.Argmax ? "argmax." : "optimal.";
            foreach (var (key, value) in StemScores.Tabulate(siSdr, snr, names, kind)) metrics[prefix + key] = value;
        }

        var pairs = StemAssignment.Optimal(siSdr);
        if (s.BssEval != BssEvalVersion.None)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var (key, value) in StemScores.BssEval(mixture.References, separation.Estimates, pairs, names, s.BssEval, mixture.SampleRate))
                metrics[key] = value;
        }
        if (s.WriteAudioTo is { } folder) WriteStems(folder, mixture, separation.Estimates, pairs, names);
        return metrics;
    }

    /// <summary>The cached assignment, its signals rebuilt from the factors (see <see cref="StemEstimate"/> for why only it is cached).</summary>
    public TaskPrediction? Unpack(Matrix<double> packed, TaskInput input, NmfResult<double> factors, ITaskSettings settings)
    {
        var s = Settings(settings);
        if (StemEstimate.Assignment(packed) is not { } stored
            || stored.Labels.Length != factors.Components.Rank || stored.Labels.Any(l => l >= s.Sources))
            return null;
        return new StemEstimate(SourceSeparation.Rebuild(Prepared(input), factors, stored.Labels, s), stored.Labels, stored.Stability);
    }

    private static StemMixture Prepared(TaskInput input) => input as StemMixture
        ?? throw new ArgumentException($"The separation task cannot score a {input.GetType().Name}: prepare the track with it first.");

    /// <summary>The job seed TrackPipeline stored on the input (0 when the input was made elsewhere).</summary>
    private static int JobSeed(TaskInput input) => input.Seed;

    private static void WriteStems(string folder, StemMixture mixture, IReadOnlyList<double[]> estimates,
                                   IReadOnlyList<(int Estimate, int Reference)> pairs, string[] names)
    {
        var trackFolder = Path.Combine(folder, string.Concat(mixture.TrackId.Split(Path.GetInvalidFileNameChars())));
        Directory.CreateDirectory(trackFolder);
        for (int k = 0; k < estimates.Count; k++)
        {
            var stem = pairs.Where(p => p.Estimate == k).Select(p => names[p.Reference]).FirstOrDefault();
            var file = string.Create(CultureInfo.InvariantCulture, $"source{k}{(stem is null ? "" : "_" + stem)}.wav");
            AudioWriter.WriteWav(Path.Combine(trackFolder, file), AudioSignal.FromMono(estimates[k], mixture.SampleRate));
        }
    }
}
