namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Note-level transcription scores. <see cref="Accuracy"/> is nmf_audio_benchmark's TP/(TP+FP+FN)
/// with TP = |matching|, FP = n_est − TP, FN = n_ref − TP.
/// </summary>
public sealed record TranscriptionScores(
    double Precision, double Recall, double F1, double AverageOverlap, double Accuracy, int Matched, int ReferenceCount, int EstimateCount);
