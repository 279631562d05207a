using System.Globalization;
using System.CommandLine;
using NmfGrid.Coordinator.Commands;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>
/// A journal written by the single sweep coordinator of earlier builds (Fixtures/LegacyJournal, see its README: one
/// finished sweep, one killed with kill -9 after 3 of its 8 jobs) read by today's build: `status` and `report` work on it
/// as it is, and `resume` converts it into sweep entities and runs only the 5 missing jobs, with the results that
/// build's own resume gave (apart from timing, host, worker and attempt). The configs in that journal name a fixed
/// root, /tmp/nmfgrid-migration-fixture (their data, outputs and cache), which the test recreates.
/// </summary>
[Collection(nameof(LegacyJournalMigrationTests))]
public sealed class LegacyJournalMigrationTests : IDisposable
{
    private const string Root = "/tmp/nmfgrid-migration-fixture";
    private const string Fast = "f9ea8de14afab6e1";
    private const string Slow = "b9388c81b0d7f196";
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "LegacyJournal");
    private readonly string _work;

    public LegacyJournalMigrationTests()
    {
        Directory.CreateDirectory(Root);
        _work = Directory.CreateTempSubdirectory("nmfgrid-migration-").FullName;
        foreach (var file in new[] { "legacy.db", "legacy.snapshots.db" })
        {
            File.Copy(Path.Combine(Fixture, file), Path.Combine(_work, file));
        }
        CopyFolder(Path.Combine(Fixture, "bench"), Path.Combine(Root, "bench"));
        if (Directory.Exists(Path.Combine(Root, "outputs", "reconstruction")))
        {
            Directory.Delete(Path.Combine(Root, "outputs", "reconstruction"), recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Database => Path.Combine(_work, "legacy.db");

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> Nmfgrid(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string ResultsCsv(string sweep) => File.ReadAllText(Path.Combine(Root, "outputs", "reconstruction", "musdb18hq", sweep, "results.csv"));

    /// <summary>
    /// results.csv without the columns that legitimately differ between runs (timings, host, worker, attempt), every
    /// cell equal, real numbers to 1e-10 relative: the jobs run again here are computed on this machine, whose vector
    /// width may sum in another order than the machine that wrote the fixture did (an AVX-512 machine moved
    /// relative_error, snr_db and sparsity_h by ~1e-15 relative), and the losses' logarithm moves the losses in their
    /// last bits; integers, names and statuses must match exactly.
    /// </summary>
    private static void AssertSameResults(string expected, string actual)
    {
        string[][] Rows(string csv)
        {
            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var kept = lines[0].Split(',').Select((name, i) => (name, i))
                .Where(c => c.name is not ("features_s" or "nmf_s" or "task_s" or "total_s" or "host" or "worker" or "attempt"))
                .Select(c => c.i).ToArray();
            return lines.Select(line => { var cells = line.Split(','); return kept.Select(i => cells[i]).ToArray(); }).ToArray();
        }

        static bool Real(string cell, out double value) =>
            cell.Contains('.') & double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        var (want, got) = (Rows(expected), Rows(actual));
        Assert.Equal(want.Length, got.Length);
        for (var r = 0; r < want.Length; r++)
        {
            Assert.Equal(want[r].Length, got[r].Length);
            for (var c = 0; c < want[r].Length; c++)
            {
                if (r > 0 && Real(want[r][c], out var a) && Real(got[r][c], out var b))
                    Assert.True(Math.Abs(a - b) <= 1e-10 * Math.Max(Math.Abs(a), Math.Abs(b)),
                                $"row {r}, column {want[0][c]}: {want[r][c]} against {got[r][c]}");
                else
                    Assert.Equal(want[r][c], got[r][c]);
            }
        }
    }

    [Fact]
    public async Task Status_and_report_read_the_old_journal_and_resume_converts_it_and_runs_only_the_missing_jobs()
    {
        var status = await Nmfgrid("status", "--database", Database);
        Assert.True(status.Code == 0, status.Error);
        var rows = status.Output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["8", "0", "0", "fast"], rows.Single(r => r.Length > 0 && r[0] == Fast)[3..]);
        Assert.Equal(["3", "0", "5", "slow"], rows.Single(r => r.Length > 0 && r[0] == Slow)[3..]);

        // The finished sweep's report, from the old journal, is the one its own build wrote, byte for byte.
        var report = await Nmfgrid("report", Fast[..8], "--database", Database);
        Assert.True(report.Code == 0, report.Error + report.Output);
        Assert.Equal(File.ReadAllText(Path.Combine(Fixture, "fast.results.csv")), ResultsCsv(Fast));

        // The tracks the configs name: the finished sweep's config synthesizes them where its journal says they are.
        var data = await Nmfgrid("run", Path.Combine(Root, "bench", "fast.yaml"), "-m", $"run.database={Path.Combine(_work, "data.db")}");
        Assert.True(data.Code == 0, data.Error + data.Output);
        var before = await StoredSweeps.Ledger(Database);
        var finishedBefore = before.Jobs.Where(j => j.Spec.SweepId == Slow && j.Status == "Succeeded")
            .ToDictionary(j => j.Spec.JobId, j => j.Result!.Timings.Total);
        Assert.Equal(3, finishedBefore.Count);

        var resume = await Nmfgrid("resume", Slow[..8], "--database", Database);
        Assert.True(resume.Code == 0, resume.Error + resume.Output);

        var after = await StoredSweeps.Ledger(Database);
        var slow = after.Jobs.Where(j => j.Spec.SweepId == Slow).ToArray();
        Assert.Equal(8, slow.Length);
        Assert.All(slow, j => Assert.Equal("Succeeded", j.Status));
        // The three finished under the old build kept their results (not run again); the other five ran now.
        Assert.All(finishedBefore, f => Assert.Equal(f.Value, slow.Single(j => j.Spec.JobId == f.Key).Result!.Timings.Total));
        AssertSameResults(File.ReadAllText(Path.Combine(Fixture, "slow.results.csv")), ResultsCsv(Slow));
        // The old journal is converted: each sweep is an entity of its own now, and the finished one still reports.
        Assert.Contains(Slow, (await Nmfgrid("status", "--database", Database)).Output);
        var again = await Nmfgrid("report", Fast[..8], "--database", Database);
        Assert.True(again.Code == 0, again.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(Fixture, "fast.results.csv")), ResultsCsv(Fast));
    }
}
