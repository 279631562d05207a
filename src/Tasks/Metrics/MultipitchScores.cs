namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// Frame-level multi-pitch scores (mir_eval.multipitch.metrics, Poliner &amp; Ellis 2007): precision, recall,
/// accuracy and the substitution/miss/false-alarm/total errors, once on pitch and once on chroma (octave errors
/// forgiven).
/// </summary>
public sealed record MultipitchScores(
    double Precision, double Recall, double Accuracy,
    double SubstitutionError, double MissError, double FalseAlarmError, double TotalError,
    double ChromaPrecision, double ChromaRecall, double ChromaAccuracy,
    double ChromaSubstitutionError, double ChromaMissError, double ChromaFalseAlarmError, double ChromaTotalError)
{
    public double F1 => FMeasure.Of(Precision, Recall);
}
