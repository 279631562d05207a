namespace NmfGrid.Tasks.Features;

/// <summary>How a centred STFT pads the signal by n_fft/2 on each side.</summary>
public enum PadMode
{
    /// <summary>Zeros: librosa ≥ 0.10's default (pad_mode='constant'), what the seed ran with.</summary>
    Constant,

    /// <summary>Mirror without repeating the edge sample (numpy 'reflect'): older librosa's default.</summary>
    Reflect,
}
