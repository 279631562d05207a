using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Transcription;

/// <summary>V = |STFT| of the (cropped) piece, with its reference notes and the settings it was prepared with.</summary>
public sealed record TranscriptionInput(
    Matrix<double> V, string TrackId, IReadOnlyList<Note> Reference, TranscriptionSettings Settings) : TaskInput(V);
