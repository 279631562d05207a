using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Sweeps;

public class SweepPartsTests
{
    private static long Size(SweepDefinition sweep) => 100 + 50L * sweep.Jobs.Count;

    [Fact]
    public void A_sweep_that_fits_is_one_part_itself()
    {
        var sweep = SweepLedgerTests.Sweep("s", 10);
        Assert.Same(sweep, Assert.Single(SweepParts.Split(sweep, Size, 10_000)));
    }

    [Fact]
    public void A_large_sweep_splits_into_parts_within_the_limit_that_keep_every_job_in_order()
    {
        var sweep = SweepLedgerTests.Sweep("s", 1000);

        var parts = SweepParts.Split(sweep, Size, 5_000);

        Assert.True(parts.Count >= 11);
        Assert.All(parts, p => Assert.True(Size(p) <= 5_000));
        Assert.All(parts, p => Assert.Equal((sweep.SweepId, sweep.MaxAttempts, sweep.Lease), (p.SweepId, p.MaxAttempts, p.Lease)));
        Assert.Equal(sweep.Jobs, parts.SelectMany(p => p.Jobs));
    }

    [Fact]
    public void A_job_alone_over_the_limit_is_named()
    {
        var sweep = SweepLedgerTests.Sweep("s", 3);
        var e = Assert.Throws<ArgumentException>(() => SweepParts.Split(sweep, p => p.Jobs.Any(j => j.JobId == "job2") ? 1_000_000 : 10, 1_000));
        Assert.Contains("job2", e.Message);
    }

    [Fact]
    public void The_ledger_merges_the_parts_of_one_sweep_into_one_definition()
    {
        var sweep = SweepLedgerTests.Sweep("s", 100);
        var ledger = new SweepLedger();

        foreach (var part in SweepParts.Split(sweep, Size, 1_000))
        {
            ledger.Apply(new SweepSubmitted(part));
        }

        Assert.Equal(sweep.Jobs, ledger.Sweeps["s"].Jobs);
        Assert.Equal(100, ledger.Progress("s").Total);
        Assert.Equal(100, ledger.Progress("s").Pending);
    }

    [Fact]
    public void Submitting_a_known_sweep_again_adds_no_job_twice()
    {
        var sweep = SweepLedgerTests.Sweep("s", 5);
        var merged = SweepParts.Merge(sweep, sweep with { Jobs = [.. sweep.Jobs.Skip(3), new JobSpec("extra", "s", 0, "default", "musdb18hq", "t", 9)] });

        Assert.Equal([.. sweep.Jobs.Select(j => j.JobId), "extra"], merged.Jobs.Select(j => j.JobId));
    }

    [Fact]
    public void Parts_of_another_sweep_are_not_merged()
    {
        Assert.Throws<ArgumentException>(() => SweepParts.Merge(SweepLedgerTests.Sweep("a", 1), SweepLedgerTests.Sweep("b", 1)));
    }
}
