namespace NmfGrid.Tasks.Audio;

/// <summary>Sample formats <see cref="AudioWriter"/> writes.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM; samples are clipped to [-1, 1] and rounded.</summary>
    Pcm16,

    /// <summary>32-bit IEEE float, lossless for the signal's samples.</summary>
    Float32,
}
