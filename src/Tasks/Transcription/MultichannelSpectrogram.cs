using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Tensors;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Transcription;

/// <summary>
/// The channel × frequency × time magnitude tensor of multichannel NMF/NTF transcription (Marmoret, Bertin &amp; Cohen 2019;
/// Ozerov &amp; Févotte 2010): X[c, f, t] = |STFT of channel c|[f, t]. Its CP model X ≈ Σ_k q_k ∘ w_k ∘ h_k gives channel
/// gains Q, frequency templates W and activations H; as a task tensor the channels are summed out, so the W·H the task
/// scores models V = Σ_c X[c], the matrix returned beside it (what the matrix algorithms factorise in this setting).
/// </summary>
public static class MultichannelSpectrogram
{
    public static (Matrix<double> Mix, TaskTensor Tensor) Compute(AudioSignal signal, FeatureParameters parameters, string audioPath)
    {
        if (signal.ChannelCount < 2)
            throw new ArgumentException(
                $"channels: multichannel needs at least 2 audio channels; {audioPath} has {signal.ChannelCount}.");
        var spectrograms = signal.Channels.Select(c => Spectrogram.Compute(AudioSignal.FromMono(c, signal.SampleRate), parameters)).ToArray();
        int channels = spectrograms.Length, bins = spectrograms[0].RowCount, frames = spectrograms[0].ColumnCount;
        var x = Tensor3.Build(channels, bins, frames, (c, f, t) => spectrograms[c][f, t]);
        var mix = Matrix<double>.Build.Dense(bins, frames);
        foreach (var s in spectrograms) mix += s;
        return (mix, new TaskTensor(x, new TensorLayout(ActivationMode: 2, SummedMode: 0), FrequencyMode: 1));
    }
}
