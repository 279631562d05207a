namespace NmfGrid.Compute.Tensors;

/// <summary>
/// How a task reads a tensor model as templates and activations: the mode whose factor gives the activations H (its
/// transpose, K×T), and optionally a mode summed out (the channels of a multichannel spectrogram, whose mix is what the
/// task scores). Whatever mode remains indexes the rows of W; with two remaining modes the rows run over both, the
/// later mode fastest (C order), as a barwise matrix's row f·subdivision + k does.
/// </summary>
public sealed record TensorLayout(int ActivationMode, int? SummedMode = null)
{
    public void Check()
    {
        if (ActivationMode is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(ActivationMode), ActivationMode, "A 3-way tensor has modes 0, 1 and 2.");
        if (SummedMode is { } s && (s is < 0 or > 2 || s == ActivationMode))
            throw new ArgumentOutOfRangeException(nameof(SummedMode), s, $"The summed mode must be another mode than the activations' ({ActivationMode}).");
    }
}
