namespace NmfGrid.Tasks.Metrics;

/// <summary>F_β = (1+β²)·P·R / (β²·P + R), and 0 when P = R = 0 (mir_eval util.f_measure).</summary>
public static class FMeasure
{
    public static double Of(double precision, double recall, double beta = 1.0)
    {
        if (precision == 0 && recall == 0) return 0.0;
        double b2 = beta * beta;
        return (1 + b2) * precision * recall / (b2 * precision + recall);
    }
}
