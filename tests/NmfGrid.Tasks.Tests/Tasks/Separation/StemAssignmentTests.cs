using NmfGrid.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks.Separation;

public class StemAssignmentTests
{
    // Rows: estimates, columns: stems (drums, bass, other, vocals). Estimates 0 and 1 both score best on drums.
    private static readonly double[,] DoubleClaim =
    {
        { 9, 2, 1, 0 },
        { 8, 7, 1, 0 },
        { 1, 2, 6, 3 },
        { 0, 1, 2, 5 },
    };

    private static readonly string[] Stems = ["drums", "bass", "other", "vocals"];

    [Fact]
    public void Argmax_gives_two_estimates_to_one_stem()
    {
        Assert.Equal(new int?[] { 0, 0, 2, 3 }, StemAssignment.Argmax(DoubleClaim));
    }

    [Fact]
    public void Optimal_assignment_is_one_to_one_and_maximises_the_total()
    {
        var pairs = StemAssignment.Optimal(DoubleClaim);
        Assert.Equal(new[] { (0, 0), (1, 1), (2, 2), (3, 3) }, pairs);
    }

    [Fact]
    public void Argmax_table_averages_claims_and_leaves_the_unclaimed_stem_out()
    {
        var table = StemScores.Tabulate(DoubleClaim, DoubleClaim, Stems, AssignmentKind.Argmax);
        Assert.Equal(8.5, table["si_sdr.drums"]);
        Assert.False(table.ContainsKey("si_sdr.bass"));
        Assert.Equal((9 + 8 + 6 + 5) / 4.0, table["si_sdr.mean"]);
        Assert.Equal(1, table["unclaimed_stems"]);
    }

    [Fact]
    public void Optimal_table_scores_every_stem_once()
    {
        var table = StemScores.Tabulate(DoubleClaim, DoubleClaim, Stems, AssignmentKind.Optimal);
        Assert.Equal(9, table["si_sdr.drums"]);
        Assert.Equal(7, table["si_sdr.bass"]);
        Assert.Equal((9 + 7 + 6 + 5) / 4.0, table["si_sdr.mean"]);
    }

    [Fact]
    public void Optimal_skips_silent_stems_and_leaves_extra_estimates_unmatched()
    {
        double[,] scores =
        {
            { 1, double.NaN, 5 },
            { 4, double.NaN, 2 },
            { 3, double.NaN, 3 },
        };
        Assert.Equal(new[] { (1, 0), (0, 2) }, StemAssignment.Optimal(scores));
    }

    [Fact]
    public void Optimal_leaves_stems_without_estimates_when_stems_outnumber_estimates()
    {
        double[,] scores = { { 1, 6, 2 } };
        Assert.Equal(new[] { (0, 1) }, StemAssignment.Optimal(scores));
    }

    [Fact]
    public void PairwiseSdr_matches_the_seed_example_and_skips_silent_references()
    {
        double[][] references = [[1, 2, 3, 4], [0, 0, 0, 0]];
        double[][] estimates = [[1.1, 1.9, 3.2, 3.7], [0, 0, 0, 0]];
        var si = PairwiseSdr.Compute(references, estimates, scaling: true);
        var snr = PairwiseSdr.Compute(references, estimates, scaling: false);
        Assert.Equal(23.306, si[0, 0], 3);
        Assert.Equal(23.010, snr[0, 0], 3);
        Assert.True(double.IsNaN(si[0, 1]));
        Assert.True(double.IsNegativeInfinity(si[1, 0]));
    }

    [Fact]
    public void PairwiseSdr_compares_over_the_common_length_as_the_seed_truncates_references()
    {
        double[][] references = [[1, 2, 3, 4, 100]];
        double[][] estimates = [[1.1, 1.9, 3.2, 3.7]];
        Assert.Equal(23.306, PairwiseSdr.Compute(references, estimates, scaling: true)[0, 0], 3);
    }

    [Fact]
    public void A_stem_below_the_threshold_relative_to_the_mixture_is_silent_and_an_all_zero_one_always()
    {
        double[] loud = [1, -1, 1, -1];
        double[] faint = [1e-5, -1e-5, 1e-5, -1e-5]; // −100 dB against the loud stem
        double[] zero = [0, 0, 0, 0];
        double[] mixture = loud.Zip(faint, (a, b) => a + b).ToArray();
        Assert.Equal(new[] { false, true, true }, SilentStems.Find([loud, faint, zero], mixture, 4, -60));
        Assert.Equal(new[] { false, false, true }, SilentStems.Find([loud, faint, zero], mixture, 4, null));
        Assert.Equal(new[] { false, false, true }, SilentStems.Find([loud, faint, zero], mixture, 4, -120));
        // Only the samples scored count: the faint stem is loud after them.
        Assert.Equal(new[] { false, true }, SilentStems.Find([loud, [1e-5, -1e-5, 1, 1]], mixture, 2, -60));
    }

    [Fact]
    public void Excluded_stems_are_NaN_columns_so_no_estimate_is_assigned_to_them()
    {
        double[,] scores = { { 3, -55 }, { -55, 2 } };
        var table = SilentStems.Exclude(scores, [false, true]);
        Assert.True(double.IsNaN(table[0, 1]) && double.IsNaN(table[1, 1]));
        Assert.Equal(3, table[0, 0]);
        Assert.Equal(-55, scores[0, 1]); // the input is left as it was
        Assert.Equal(new[] { (0, 0) }, StemAssignment.Optimal(table));
    }
}
