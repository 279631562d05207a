using System.Buffers.Binary;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Reports;

public sealed class SweepPlotsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nmfgrid-plots-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private IReadOnlyList<string> Plot(LedgerSnapshot ledger)
    {
        var table = ResultsTable.From(ledger, "sweep-r");
        var results = ledger.Jobs.Where(j => j.Result is not null).ToDictionary(j => j.Spec.JobId, j => j.Result!);
        return SweepPlots.Write(table, results, _folder);
    }

    /// <summary>PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers at bytes 16 and 20.</summary>
    private static (int Width, int Height) AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} has {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void A_sweep_gets_its_metric_distribution_loss_curves_and_factors_as_valid_pngs()
    {
        var paths = Plot(ReportSamples.Ledger(configurations: 3, tracks: 4));
        Assert.Equal(["reconstruction-relative_error.png", "reconstruction-relative_error-cd.png", "reconstruction-loss.png", "reconstruction-W.png", "reconstruction-H.png"],
                     paths.Select(Path.GetFileName));
        Assert.All(paths, p => Assert.Equal(_folder, Path.GetDirectoryName(p)));
        Assert.Equal((640, 520), AssertPng(paths[0]));
        Assert.True(AssertPng(paths[1]).Width >= CriticalDifferenceDiagram.MinWidth);
        Assert.Equal((900, 520), AssertPng(paths[2]));
        Assert.Equal((640, 520), AssertPng(paths[3]));
        Assert.Equal((1000, 520), AssertPng(paths[4]));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));
    }

    [Fact]
    public void Long_configuration_labels_turn_and_widen_the_distribution_plot_instead_of_being_cut()
    {
        // Labels as a zip over task and algorithm presets gives them: ~45 characters, more than a box's width.
        var ledger = ReportSamples.Ledger(configurations: 5, tracks: 2);
        string Long(JobSpec spec) => $"task=structure_preset_{spec.PointIndex},algorithm=tucker_mu_structure_{spec.PointIndex}";
        var jobs = ledger.Jobs.Select(j => j with { Spec = j.Spec with { PointLabel = Long(j.Spec) } }).ToArray();
        var sweeps = ledger.Sweeps.Select(s => s with { Jobs = s.Jobs.Select(spec => spec with { PointLabel = Long(spec) }).ToArray() }).ToArray();
        var (width, height) = AssertPng(Plot(new LedgerSnapshot(sweeps, jobs))[0]);
        Assert.True(height > 520, $"height {height}: no room was made under the plot for the turned labels");
        Assert.True(width > 160 + 110 * 5, $"width {width}: no room was made right of the plot for the last label");
    }

    [Fact]
    public void Loss_curves_of_different_beta_divergences_get_a_plot_each()
    {
        var ledger = ReportSamples.Ledger(configurations: 2, tracks: 2);
        JobSpec WithBeta(JobSpec spec) => spec with
        {
            ConfigJson = spec.ConfigJson.Replace("\"rank\":", $"\"beta\":{(spec.PointIndex == 0 ? "1.0" : "2.0")},\"rank\":"),
        };
        var jobs = ledger.Jobs.Select(j => j with { Spec = WithBeta(j.Spec) }).ToArray();
        var sweeps = ledger.Sweeps.Select(s => s with { Jobs = s.Jobs.Select(WithBeta).ToArray() }).ToArray();
        var names = Plot(new LedgerSnapshot(sweeps, jobs)).Select(Path.GetFileName).ToArray();
        Assert.DoesNotContain("reconstruction-loss.png", names);
        Assert.Equal(2, names.Count(n => n!.StartsWith("reconstruction-loss-beta", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_sweep_with_failed_jobs_still_plots_what_succeeded()
    {
        // Configuration 1 failed on every track, configuration 0 on one.
        var paths = Plot(ReportSamples.Ledger(configurations: 2, tracks: 3, (0, 1), (1, 0), (1, 1), (1, 2)));
        Assert.Contains(paths, p => p.EndsWith("reconstruction-relative_error.png"));
        Assert.Contains(paths, p => p.EndsWith("reconstruction-loss.png"));
        Assert.All(paths, p => AssertPng(p));
    }

    [Fact]
    public void A_single_configuration_plots()
    {
        var paths = Plot(ReportSamples.Ledger(configurations: 1, tracks: 1));
        Assert.Equal(4, paths.Count);
        Assert.All(paths, p => AssertPng(p));
    }

    [Fact]
    public void A_task_where_every_job_failed_still_gets_its_distribution_plot_and_nothing_else()
    {
        var paths = Plot(ReportSamples.Ledger(configurations: 2, tracks: 1, (0, 0), (1, 0)));
        var only = Assert.Single(paths);
        Assert.EndsWith("reconstruction-metric.png", only);
        AssertPng(only);
    }

    [Fact]
    public void Results_written_before_factors_existed_plot_without_W_and_H()
    {
        var ledger = ReportSamples.Ledger(configurations: 2, tracks: 2);
        ledger = ledger with { Jobs = ledger.Jobs.Select(j => j with { Result = j.Result! with { Factors = null } }).ToArray() };
        Assert.Equal(["reconstruction-relative_error.png", "reconstruction-relative_error-cd.png", "reconstruction-loss.png"], Plot(ledger).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0.25, 1.75)]   // numpy.quantile([1, 2, 4, 8], 0.25) = 1.75
    [InlineData(0.5, 3.0)]
    [InlineData(0.75, 5.0)]
    [InlineData(1.0, 8.0)]
    public void Quartiles_interpolate_between_order_statistics_like_numpy(double p, double expected) =>
        Assert.Equal(expected, SweepPlots.Quantile([1, 2, 4, 8], p), 12);
}
