using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// Piano transcription by NMF (Smaragdis &amp; Brown 2003): V = |STFT| of the piece, W's columns are note templates
/// (their pitch from <see cref="TemplatePitch"/>), H's rows their activations (notes from <see cref="ActivationNotes"/>),
/// scored by <see cref="TranscriptionScoring"/>. With `method: supervised` W is a per-pitch dictionary learned from
/// MAPS isolated notes (<see cref="PitchDictionary"/>), fixed, and notes come from onsets on H (<see cref="OnsetNotes"/>).
/// docs/tasks/transcription.md describes each step and setting.
/// </summary>
public sealed class TranscriptionTask : ISupervisedTask, ITensorTask, IPredictionTask
{
    public string Name => "transcription";

    public string Description => "note transcription from |STFT| templates and activations (MAPS); note and frame P/R/F";

    public Headline Headline { get; } = new("f1", MetricDirection.HigherIsBetter);

    public IReadOnlyList<string> PredictionKeys =>
    [
        "template_pitch", "pitch_min", "pitch_max", "salience", "threshold", "threshold_scale", "min_duration", "merge_gap", "smoothing_window",
        "normalise_h", "adaptive_threshold", "adaptive_window", "onset_refinement", "frame_time", "close_at_end", "onset_tolerance", "pitch_units",
        "detection", "onset_threshold", "onset_compression", "onset_smoothing", "onset_wait", "onset_shift", "peak_threshold", "offset_fraction",
    ];

    public bool Accepts(ITrack track) => track is INoteTrack;

    public ITaskSettings Parse(ConfigSection section) => TranscriptionSettings.From(section);

    private TranscriptionSettings Settings(ITaskSettings settings) => ITaskSettings.Expect<TranscriptionSettings>(settings, this);

    /// <summary>channels: multichannel prepares the channel × frequency × time tensor.</summary>
    public bool PreparesTensor(ITaskSettings settings) => Settings(settings).Multichannel;

    public TaskInput Prepare(ITrack track, ITaskSettings settings, FeatureCache? cache, CancellationToken cancellation)
    {
        var noteTrack = track as INoteTrack ?? throw new ArgumentException(
            $"Task 'transcription' needs a track with notes; '{track.Id}' ({track.GetType().Name}) has none.", nameof(track));
        var s = Settings(settings);
        var parameters = s.Features;
        // The seed reads the first 30 s mono at 44.1 kHz (the dataset's crop, INoteTrack.Duration).
        var read = new AudioReadOptions { SampleRate = s.SampleRate, Mono = !s.Multichannel, Duration = noteTrack.Duration };
        cancellation.ThrowIfCancellationRequested();
        if (s.Multichannel)
        {
            var (mix, tensor) = MultichannelSpectrogram.Compute(AudioReader.Read(track.AudioPath, read), parameters, track.AudioPath);
            return new TranscriptionInput(mix, track.Id, noteTrack.Notes, s) { RowFrequencies = Frequencies(mix.RowCount, s), Tensor = tensor };
        }

        // Only the bins at or below max_frequency are computed and cached (401 of MAPS's 1765 at 5 kHz, the supervised
        // methods' setting): a quarter of the magnitudes, of the cache entry written and of the pages touched. Without
        // it (the seed preset) the entry is the whole spectrogram's, under the file's feature key as before. The entry is
        // written behind: the features go to the factorisation without waiting for the write.
        read = read with { SampleRate = parameters.SampleRate, Mono = true };
        Matrix<double> Compute() => LowBins(AudioReader.Read(track.AudioPath, read), s);
        var v = cache is null
            ? Compute()
            : cache.GetOrComputeWritingBehind(s.Bins < parameters.NFft / 2 + 1
                ? LowBinsKey(track.AudioPath, read, s)
                : FeatureCacheKey.ForFile(track.AudioPath, read, parameters), Compute);
        return new TranscriptionInput(v, track.Id, noteTrack.Notes, s) { RowFrequencies = Frequencies(v.RowCount, s) };
    }

    /// <summary>The features' rows at or below max_frequency (all without it) of a signal read at the task's rate.</summary>
    internal static Matrix<double> LowBins(AudioSignal signal, TranscriptionSettings s) =>
        Spectrogram.ComputeLowRows(signal, s.Features, s.Bins);

    /// <summary>The cache key of <see cref="LowBins"/>: the file's feature key and the number of rows kept.</summary>
    internal static ArtifactKey LowBinsKey(string audioPath, AudioReadOptions read, TranscriptionSettings s)
    {
        var features = s.Features;
        return new ArtifactKey(features.KindName + "-low",
            $"{FeatureCacheKey.ForFile(audioPath, read, features).CanonicalString}|rows[0,{s.Bins})");
    }

    private static double[] Frequencies(int bins, TranscriptionSettings s) =>
        Enumerable.Range(0, bins).Select(f => (double)f * s.SampleRate / s.NFft).ToArray();

    /// <summary>Keys that act only in scoring: the onset tolerance and the pitch units notes are matched in.</summary>
    public IReadOnlyList<string> ScoringKeys => ["onset_tolerance", "pitch_units"];

    public IReadOnlyDictionary<string, double> Score(TaskInput input, NmfResult<double> factors, ITaskSettings settings,
                                                     CancellationToken cancellation) =>
        Evaluate(input, Predict(input, factors, settings, cancellation), settings, cancellation);

    /// <summary>Each template's pitch (the dictionary's labels, or estimated from W), then notes from H.</summary>
    public TaskPrediction Predict(TaskInput input, NmfResult<double> factors, ITaskSettings settings, CancellationToken cancellation)
    {
        var prepared = Prepared(input);
        var s = Settings(settings);
        var pitches = prepared.Templates is { } dictionary
            ? Enumerable.Range(0, factors.H.RowCount)
                .Select(k => k < dictionary.Count ? (int?)int.Parse(dictionary.Labels[k], System.Globalization.CultureInfo.InvariantCulture) : null)
                .ToArray()
            : TemplatePitch.Estimate(factors.W, prepared.RowFrequencies, s);
        cancellation.ThrowIfCancellationRequested();
        var notes = s.Detection == NoteDetection.Onset
            ? OnsetNotes.Detect(factors.H, pitches, s)
            : ActivationNotes.Detect(factors.H, pitches, s);
        return new NoteEstimate(notes, factors.H.ColumnCount);
    }

    /// <summary>Note, offset and frame scores of the estimate against the reference (<see cref="TranscriptionScoring"/>).</summary>
    public IReadOnlyDictionary<string, double> Evaluate(TaskInput input, TaskPrediction prediction, ITaskSettings settings,
                                                        CancellationToken cancellation)
    {
        var prepared = Prepared(input);
        var estimate = prediction as NoteEstimate ?? throw new ArgumentException(
            $"Task 'transcription' scores a NoteEstimate; got {prediction.GetType().Name}.", nameof(prediction));
        try
        {
            return TranscriptionScoring.Score(prepared.Reference, estimate.Notes, estimate.Frames, Settings(settings));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Track '{prepared.TrackId}': {e.Message}", e);
        }
    }

    public TaskPrediction? Unpack(Matrix<double> packed, TaskInput input, NmfResult<double> factors, ITaskSettings settings) =>
        NoteEstimate.Unpack(packed);

    private static TranscriptionInput Prepared(TaskInput input) => input as TranscriptionInput ?? throw new ArgumentException(
        $"Task 'transcription' scores what its own Prepare made; got {input.GetType().Name}.", nameof(input));

    public bool IsSupervised(ITaskSettings settings) => Settings(settings).Method == TranscriptionMethod.Supervised;

    /// <summary>The isolated notes are in the root (MAPS ISOL/NO); no scored piece is one of them.</summary>
    public void CheckTraining(IDataset dataset, IReadOnlyList<string> scoredTrackIds, ITaskSettings settings)
    {
        var notes = TrainingNotes(dataset, settings);
        if (notes.FirstOrDefault(n => !File.Exists(n.NotesPath)) is { } unannotated)
            throw new ConfigKeyException(settings.Section.Key("method"),
                $"{unannotated.NotesPath}: missing; each isolated note needs its .txt (onset, offset, pitch) to learn from");
        var training = notes.Select(n => Path.GetFullPath(n.AudioPath)).ToHashSet(StringComparer.Ordinal);
        foreach (var id in scoredTrackIds)
        {
            if (training.Contains(Path.GetFullPath(dataset.Track(id).AudioPath)))
                throw new ConfigKeyException(settings.Section.Key("method"),
                    $"track '{id}' is scored and is also one of the isolated notes the dictionary is learned from; score MUS pieces only");
        }
    }

    public TemplateDictionary Learn(IDataset dataset, ITaskSettings settings, IBlas blas, FeatureCache? cache, CancellationToken cancellation) =>
        PitchDictionary.Learn(TrainingNotes(dataset, settings), Settings(settings), cache, cancellation);

    /// <summary>MAPS ISOL/NO notes of the dataset's sets; refused (naming the folders) when there are none.</summary>
    private static IReadOnlyList<MapsIsolatedNote> TrainingNotes(IDataset dataset, ITaskSettings settings)
    {
        var source = dataset as IIsolatedNotes ?? throw new ConfigKeyException(settings.Section.Key("method"),
            $"the supervised transcription learns its dictionary from MAPS isolated notes (<SET>/ISOL/NO); dataset '{dataset.Name}' has none");
        var notes = source.IsolatedNotes();
        if (notes.Count > 0) return notes;
        throw new ConfigKeyException(settings.Section.Key("method"),
            $"{string.Join(", ", source.IsolatedNoteFolders())}: no isolated notes; the supervised transcription learns its dictionary from them");
    }
}
