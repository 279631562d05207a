namespace NmfGrid.Tasks.Structure;

/// <summary>How two bars' feature vectors are compared (as_seg switch_autosimilarity).</summary>
public enum SimilarityKind
{
    /// <summary>Cosine of the raw vectors.</summary>
    Cosine,

    /// <summary>Cosine of the vectors centred on the mean bar (as_seg "covariance", renamed "autocorrelation" in 0.1.12).</summary>
    Covariance,

    /// <summary>exp(−γ·‖x_i − x_j‖²) of the L2-normalised vectors, γ = 1/(2·std of the pairwise distances).</summary>
    Rbf,
}
