using System.Net;
using System.Text.Json;
using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Tests.Reports;
using NmfGrid.Coordinator.Web;
using NmfGrid.Messages;
using NmfGrid.Tasks.Audio;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>
/// The job page's log (the attempt history the projection kept) and, for separation, the estimated stems the task wrote
/// into task.write_audio_to, served only from the job's own stems folder.
/// </summary>
public sealed class JobPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_job_API_answers_the_log_the_projection_kept_and_row_views_leave_it_out()
    {
        var sweep = ReportSamples.Ledger(configurations: 1, tracks: 2).Sweeps[0];
        var job = sweep.Jobs[0].JobId;
        var projection = new ResultsProjection();
        var rows = new Dictionary<string, ResultRow>();
        ISweepEvent[] events =
        [
            new SweepSubmitted(sweep),
            new JobLeased(job, 1, "w0", "host-a", Now),
            new JobRequeued(job, 1, "worker w0 terminated"),
            new JobLeased(job, 2, "w1", "host-b", Now),
            new JobAttemptFailed(job, 2, "corrupt audio in mixture.wav", Final: true),
        ];
        foreach (var e in events)
        {
            foreach (var row in projection.Apply(e))
            {
                rows[row.JobId] = row;
            }
        }
        await using var server = await ExplorerServer.Start(rows.Values.ToArray());
        var answer = await Json(server, $"/api/sweeps/{sweep.SweepId}/jobs/{job}");
        Assert.Equal(["attempt 1 leased to w0 on host-a", "attempt 1 requeued: worker w0 terminated", "attempt 2 leased to w1 on host-b",
                      "attempt 2 failed, no attempt left: corrupt audio in mixture.wav"],
                     answer.GetProperty("log").EnumerateArray().Select(l => l.GetString()));
        var page = await Json(server, $"/api/sweeps/{sweep.SweepId}/results");
        Assert.All(page.GetProperty("rows").EnumerateArray(), r => Assert.False(r.TryGetProperty("log", out _)));
        // A job that was never leased has an empty log.
        Assert.Empty((await Json(server, $"/api/sweeps/{sweep.SweepId}/jobs/{sweep.Jobs[1].JobId}")).GetProperty("log").EnumerateArray());
    }

    [Fact]
    public async Task A_separation_jobs_stems_are_listed_and_served_from_its_own_folder_only()
    {
        var stems = Directory.CreateTempSubdirectory("nmfgrid-stems-").FullName;
        try
        {
            // Where SeparationTask.WriteStems puts them: write_audio_to/<track>/source<k>_<stem>.wav.
            var wav = Path.Combine(stems, "Track A", "source0_vocals.wav");
            Directory.CreateDirectory(Path.GetDirectoryName(wav)!);
            AudioWriter.WriteWav(wav, AudioSignal.FromMono(Enumerable.Range(0, 800).Select(i => Math.Sin(i / 10.0)).ToArray(), 8000));
            File.WriteAllText(Path.Combine(stems, "secret.wav"), "not this job's");
            await using var server = await ExplorerServer.Start(Rows(stems));

            var listed = await Json(server, "/api/sweeps/sweep-sep/jobs/job-a/stems");
            var stem = Assert.Single(listed.GetProperty("stems").EnumerateArray());
            Assert.Equal("source0_vocals.wav", stem.GetProperty("name").GetString());
            using (var response = await server.Http.GetAsync(stem.GetProperty("url").GetString()))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(await File.ReadAllBytesAsync(wav), await response.Content.ReadAsByteArrayAsync());
            }
            foreach (var escape in new[] { "..%2Fsecret.wav", "%2E%2E%2Fsecret.wav", "..%5Csecret.wav", "%2Fetc%2Fpasswd" })
            {
                var (status, body) = await server.Get($"/api/sweeps/sweep-sep/jobs/job-a/stems/{escape}");
                Assert.True(status == HttpStatusCode.NotFound, $"{escape}: {(int)status} {body}");
            }
            // Another job's track folder has no stem; a job whose configuration kept none says so.
            Assert.Empty((await Json(server, "/api/sweeps/sweep-sep/jobs/job-b/stems")).GetProperty("stems").EnumerateArray());
            Assert.Equal(HttpStatusCode.NotFound, (await server.Get("/api/sweeps/sweep-sep/jobs/job-b/stems/source0_vocals.wav")).Status);
            var none = await Json(server, "/api/sweeps/sweep-sep/jobs/job-c/stems");
            Assert.Empty(none.GetProperty("stems").EnumerateArray());
            Assert.Contains("write_audio_to", none.GetProperty("reason").GetString());
        }
        finally
        {
            Directory.Delete(stems, recursive: true);
        }
    }

    [Fact]
    public async Task Off_loopback_a_stem_needs_the_token_as_every_read_does()
    {
        const string token = "stems-token-0123456789abcdef";
        var stems = Directory.CreateTempSubdirectory("nmfgrid-stems-").FullName;
        try
        {
            var wav = Path.Combine(stems, "Track A", "source0_vocals.wav");
            Directory.CreateDirectory(Path.GetDirectoryName(wav)!);
            AudioWriter.WriteWav(wav, AudioSignal.FromMono(new double[80], 8000));
            await using var server = await ExplorerServer.Start(Rows(stems), WebSettings.Of("0.0.0.0", 0, token, _ => null));
            const string path = "/api/sweeps/sweep-sep/jobs/job-a/stems/source0_vocals.wav";
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Get(path)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Get("/api/sweeps/sweep-sep/jobs/job-a/stems")).Status);
            using var bearer = new HttpRequestMessage(HttpMethod.Get, path);
            bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await server.Http.SendAsync(bearer);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(stems, recursive: true);
        }
    }

    [Fact]
    public void A_stem_name_that_leaves_the_folder_is_refused()
    {
        var stems = Directory.CreateTempSubdirectory("nmfgrid-stems-").FullName;
        try
        {
            var folder = StemFolder.Of($$$"""{"task":{"name":"separation","write_audio_to":"{{{stems}}}"}}""", new Dictionary<string, string>(), "Track A")!;
            Directory.CreateDirectory(Path.Combine(folder.Path, "sub"));
            File.WriteAllText(Path.Combine(folder.Path, "source0_bass.wav"), "x");
            File.WriteAllText(Path.Combine(folder.Path, "sub", "inner.wav"), "x");
            File.WriteAllText(Path.Combine(stems, "secret.wav"), "x");
            Assert.Equal(Path.Combine(stems, "Track A"), folder.Path);
            Assert.Equal(Path.Combine(folder.Path, "source0_bass.wav"), folder.File("source0_bass.wav"));
            foreach (var name in new[] { "../secret.wav", "..", "sub/inner.wav", "sub/../../secret.wav", Path.Combine(stems, "secret.wav"), "", "missing.wav" })
            {
                Assert.Null(folder.File(name));
            }
            // From the row's settings when the resolved config is not there (a table written before configs were kept).
            Assert.Equal(folder.Path, StemFolder.Of(null, new Dictionary<string, string> { ["task.write_audio_to"] = stems }, "Track A")!.Path);
            Assert.Null(StemFolder.Of("""{"task":{"name":"separation"}}""", new Dictionary<string, string>(), "Track A"));
        }
        finally
        {
            Directory.Delete(stems, recursive: true);
        }
    }

    /// <summary>
    /// Two configurations of separation: the first keeps its stems in <paramref name="stems"/> (jobs a and b), the second none
    /// (job c). Job a's log has a requeue before its success.
    /// </summary>
    internal static ResultRow[] Rows(string stems)
    {
        var kept = JsonSerializer.Serialize(new { task = new { name = "separation", write_audio_to = stems }, algorithm = new { name = "mu", rank = 8 } });
        const string none = """{"task":{"name":"separation"},"algorithm":{"name":"mu","rank":16}}""";
        ResultRow Row(string job, int point, string track, string config) => new(
            "sweep-sep", job, point, $"algorithm.rank={8 << point}", "separation", new Dictionary<string, string> { ["algorithm.rank"] = $"{8 << point}" },
            track, "succeeded", 1, new Dictionary<string, double> { ["sdr.vocals"] = 3.5 }, 20, 1.0, "managed", 1, "", 0.1, 0.2, 0.3, 0.6,
            "host-a", "host-a/worker-0", ResolvedConfig: config);
        string[] log = ["attempt 1 leased to w0 on host-b", "attempt 1 requeued: worker w0 terminated", "attempt 2 leased to w1 on host-a",
                        "attempt 2 completed by host-a/worker-0 on host-a"];
        return [Row("job-a", 0, "Track A", kept) with { Attempt = 2, Log = log }, Row("job-b", 0, "Track B", kept), Row("job-c", 1, "Track A", none)];
    }

    private static async Task<JsonElement> Json(ExplorerServer server, string path)
    {
        var (status, body) = await server.Get(path);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
