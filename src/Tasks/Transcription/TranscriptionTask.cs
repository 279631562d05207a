using NmfGrid.Compute.Algorithms;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// Piano transcription by NMF (Smaragdis &amp; Brown 2003): V = |STFT| of the piece, W's columns are note templates
/// (their pitch from <see cref="TemplatePitch"/>), H's rows their activations (notes from <see cref="ActivationNotes"/>),
/// scored by <see cref="TranscriptionScoring"/>. docs/tasks/transcription.md describes each step and setting.
/// </summary>
public sealed class TranscriptionTask : IMirTask, ITensorTask
{
    public string Name => "transcription";

    public string Description => "note transcription from |STFT| templates and activations (MAPS); note and frame P/R/F";

    public IReadOnlyList<string> PredictionKeys =>
    [
        "template_pitch", "pitch_min", "pitch_max", "salience", "threshold", "threshold_scale", "min_duration", "merge_gap", "smoothing_window",
        "normalise_h", "adaptive_threshold", "adaptive_window", "onset_refinement", "frame_time", "close_at_end", "onset_tolerance", "pitch_units",
    ];

    public bool Accepts(ITrack track) => track is INoteTrack;

    public void CheckSettings(TaskSettings settings) => TranscriptionSettings.From(settings);

    /// <summary>channels: multichannel prepares the channel × frequency × time tensor.</summary>
    public bool PreparesTensor(TaskSettings settings) => TranscriptionSettings.From(settings).Multichannel;

    public TaskInput Prepare(ITrack track, TaskSettings settings, FeatureCache? cache, CancellationToken cancellation)
    {
        var noteTrack = track as INoteTrack ?? throw new ArgumentException(
            $"Task 'transcription' needs a track with notes; '{track.Id}' ({track.GetType().Name}) has none.", nameof(track));
        var s = TranscriptionSettings.From(settings);
        var parameters = s.Features;
        // The seed reads the first 30 s mono at 44.1 kHz (the dataset's crop, INoteTrack.Duration).
        var read = new AudioReadOptions { SampleRate = s.SampleRate, Mono = !s.Multichannel, Duration = noteTrack.Duration };
        cancellation.ThrowIfCancellationRequested();
        if (s.Multichannel)
        {
            var (mix, tensor) = MultichannelSpectrogram.Compute(AudioReader.Read(track.AudioPath, read), parameters, track.AudioPath);
            return new TranscriptionInput(mix, track.Id, noteTrack.Notes, s) { RowFrequencies = Frequencies(mix.RowCount, s), Tensor = tensor };
        }

        var v = cache is not null
            ? cache.GetOrCompute(track.AudioPath, read, parameters)
            : Spectrogram.Compute(AudioReader.Read(track.AudioPath, read), parameters);
        return new TranscriptionInput(v, track.Id, noteTrack.Notes, s) { RowFrequencies = Frequencies(v.RowCount, s) };
    }

    private static double[] Frequencies(int bins, TranscriptionSettings s) =>
        Enumerable.Range(0, bins).Select(f => (double)f * s.SampleRate / s.NFft).ToArray();

    public IReadOnlyDictionary<string, double> Score(TaskInput input, NmfResult<double> factors, TaskSettings settings,
                                                     CancellationToken cancellation)
    {
        var prepared = input as TranscriptionInput ?? throw new ArgumentException(
            $"Task 'transcription' scores what its own Prepare made; got {input.GetType().Name}.", nameof(input));
        var s = TranscriptionSettings.From(settings);
        var pitches = TemplatePitch.Estimate(factors.W, prepared.RowFrequencies, s);
        cancellation.ThrowIfCancellationRequested();
        var notes = ActivationNotes.Detect(factors.H, pitches, s);
        try
        {
            return TranscriptionScoring.Score(prepared.Reference, notes, factors.H.ColumnCount, s);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Track '{prepared.TrackId}': {e.Message}", e);
        }
    }
}
