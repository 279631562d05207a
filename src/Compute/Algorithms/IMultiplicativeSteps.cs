namespace NmfGrid.Compute.Algorithms;

/// <summary>The three steps <see cref="MultiplicativeLoop"/> drives: a solver's state for one run (MU, NMFD).</summary>
internal interface IMultiplicativeSteps
{
    /// <summary>D_β(V | Λ) for the current factors.</summary>
    double Loss();

    void UpdateW();

    void UpdateH();
}
