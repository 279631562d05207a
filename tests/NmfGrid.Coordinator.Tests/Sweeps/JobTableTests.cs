using System.IO.Compression;
using System.Text.Json;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Sweeps;

/// <summary>
/// A sweep entity's jobs in columns (<see cref="JobTable"/>, issue 16 §2: a 1,000,000-job sweep in well under 1 GB): a job
/// held there is found by its id and decodes to the spec it was given, and its snapshot is the packed format of earlier builds.
/// </summary>
public class JobTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static JobSpec[] Specs(int count) =>
        Enumerable.Range(0, count).Select(i => new JobSpec(
            i % 97 == 5 ? $"ü♪-{i}" : $"{i * 2_654_435_761L:x16}", "sweep-7", i / 50, $"rank={i / 50}", i % 3 == 0 ? "maps" : "musdb18hq",
            $"track{i % 50:000}", i * 7919 - 1_000_000)).ToArray();

    private static byte[] Inflated(byte[] packed)
    {
        using var inflated = new MemoryStream();
        using (var deflate = new DeflateStream(new MemoryStream(packed), CompressionMode.Decompress)) deflate.CopyTo(inflated);
        return inflated.ToArray();
    }

    [Fact]
    public void Every_job_is_found_by_its_id_and_decodes_to_its_spec()
    {
        var specs = Specs(5_000).Append(new JobSpec(new string('x', 300), "s", 0, "", "", "", 1)).Append(new JobSpec("", "s", 0, "", "", "", 2)).ToArray();
        var table = new JobTable();
        foreach (var spec in specs) table.Add(spec);
        Assert.Equal(specs.Length, table.Count);
        for (var i = 0; i < specs.Length; i++)
        {
            Assert.True(table.TryIndexOf(specs[i].JobId, out var found), specs[i].JobId);
            Assert.Equal(i, found);
            Assert.Equal(specs[i], table.Spec(i));
        }
        Assert.False(table.TryIndexOf("no-such-job", out _));
        Assert.False(table.TryIndexOf(specs[0].JobId + "0", out _));
        // Strings jobs share are held once.
        Assert.Equal(1 + 100 + 2 + 50 + 2, table.Strings.Count);
    }

    [Fact]
    public void A_job_twice_or_with_its_config_is_refused_naming_it()
    {
        var table = new JobTable();
        table.Add(new JobSpec("abc", "s", 0, "p", "d", "t", 1));
        Assert.Contains("abc", Assert.Throws<ArgumentException>(() => table.Add(new JobSpec("abc", "s", 1, "p", "d", "u", 2))).Message);
        Assert.Contains("def", Assert.Throws<ArgumentException>(() => table.Add(new JobSpec("def", "s", 0, "p", "d", "t", 1, "{}"))).Message);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void A_table_packs_into_the_bytes_its_specs_pack_into_and_reads_back()
    {
        var specs = Specs(3_000);
        var table = new JobTable();
        foreach (var spec in specs) table.Add(spec);
        var packed = PackedJobs.Pack(table);
        // The snapshot format is unchanged: snapshots written before the table load, and older builds read new ones. (The
        // deflated bytes may differ with how the writes were cut; what they inflate to may not.)
        Assert.Equal(Inflated(PackedJobs.Pack(specs)), Inflated(packed));
        var read = PackedJobs.UnpackTable(packed);
        Assert.Equal(specs, Enumerable.Range(0, read.Count).Select(read.Spec));
        Assert.True(read.TryIndexOf(specs[2_999].JobId, out var last) && last == 2_999);
    }

    [Fact]
    public void A_job_left_pending_in_a_snapshot_is_leased_with_the_spec_it_was_submitted_with()
    {
        var specs = Specs(400);
        var sweep = new SweepDefinition("sweep-7", "s", "separation", "maps", specs, 2, TimeSpan.FromMinutes(2),
                                        Enumerable.Range(0, 8).Select(p => new PointSpec("sweep-7", p, $"rank={p}", "{}")).ToArray());
        var state = new SweepState();
        state.Apply(new SweepSubmitted(sweep));
        for (var i = 0; i < 250; i++)
        {
            var lease = state.DecideLease("w1", "h", T0)!;
            state.Apply(lease);
            if (i < 200) state.Apply(state.DecideSuccess(lease.JobId, lease.Attempt, SweepLedgerTests.Result())!);
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(state.ToSnapshot(), GridSerializer.JsonOptions);
        var restored = SweepState.FromSnapshot(JsonSerializer.Deserialize<SweepStateSnapshot>(json, GridSerializer.JsonOptions)!);
        Assert.Equal((200, 50, 150), (restored.Progress().Succeeded, restored.Running.Count, restored.PendingCount));
        Assert.Equal(specs.Skip(200).Take(50).OrderBy(s => s.JobId, StringComparer.Ordinal),
                     restored.Running.Select(e => e.Spec).OrderBy(s => s.JobId, StringComparer.Ordinal));
        // Finished jobs keep only their state: a late duplicate of one is no success, a resubmission adds nothing.
        Assert.Equal(JobStatus.Succeeded, restored.StatusOf(specs[0].JobId));
        Assert.Null(restored.DecideSuccess(specs[0].JobId, 1, SweepLedgerTests.Result()));
        restored.Apply(new SweepSubmitted(sweep));
        Assert.Equal((400, 150), (restored.JobCount, restored.PendingCount));
        for (var i = 250; i < 400; i++)
        {
            var lease = restored.DecideLease("w2", "h", T0)!;
            Assert.Equal(specs[i].JobId, lease.JobId);
            restored.Apply(lease);
            Assert.Equal(specs[i], restored.Spec(lease.JobId));
            restored.Apply(restored.DecideSuccess(lease.JobId, lease.Attempt, SweepLedgerTests.Result())!);
        }
        Assert.Equal((350, 50, 0), (restored.Progress().Succeeded, restored.Running.Count, restored.PendingCount));
    }
}
