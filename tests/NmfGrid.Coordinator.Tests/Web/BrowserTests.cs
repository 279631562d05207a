using System.Globalization;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Reports.Statistics;
using NmfGrid.Coordinator.Sweeps;
using NmfGrid.Coordinator.Tests.Reports;
using NmfGrid.Coordinator.Tests.Sweeps;
using NmfGrid.Coordinator.Web;
using PuppeteerSharp;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>
/// The pages in a real headless chromium: they render with data (a screenshot of each is kept, see <see cref="Browser.Screenshots"/>),
/// a filter changes the rows, a comparison shows the p-value Reports/Statistics computes, and a job finishing in a running
/// embedded sweep appears on the open page without a reload. Every wait is for a condition, none for a time.
/// </summary>
public sealed class BrowserTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly (int, int)[] Failed = [(1, 3), (2, 0)];

    [ChromiumFact]
    public async Task Every_page_renders_with_data_and_the_comparison_shows_the_statistics_p_value()
    {
        var rows = WebSamples.Rows(failed: Failed);
        await using var server = await ExplorerServer.Start(rows);
        await using var page = await browser.Page();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e.Message);

        await page.GoToAsync(server.Url.ToString());
        await browser.Until(() => page.WaitForSelectorAsync("#sweeps tbody tr"));
        Assert.Contains("sweep-web", await Text(page, "#sweeps"));
        await Browser.Screenshot(page, "1-sweeps");

        await page.GoToAsync(server.Url + "sweeps/sweep-web");
        await browser.Until(() => page.WaitForSelectorAsync("#results tbody tr"));
        await browser.Until(() => page.WaitForSelectorAsync("#failed table"));
        Assert.Equal($"{rows.Count} rows", await Text(page, "#results-count"));
        Assert.Contains("corrupt audio in MAPS_track_03.wav", await Text(page, "#failed"));
        await Browser.Screenshot(page, "2-sweep");

        await page.GoToAsync(server.Url + "sweeps/sweep-web/configurations/1");
        await browser.Until(() => page.WaitForSelectorAsync("#distributions .main-svg"));
        Assert.Equal("algorithm.name=hals algorithm.rank=16", await Text(page, "#overrides"));
        // The loss curves (one per succeeded track, on a log axis named by the configuration's divergence), W and H, the resolved config.
        await browser.Until(() => page.WaitForSelectorAsync("#loss-chart .main-svg"));
        await browser.Until(() => page.WaitForSelectorAsync("#h-chart .main-svg"));
        Assert.Equal(rows.Count(r => r.Point == 1 && r.Status == "succeeded"),
                     await page.EvaluateExpressionAsync<int>("document.getElementById('loss-chart').data.length"));
        Assert.Equal("log", await page.EvaluateExpressionAsync<string>("document.getElementById('loss-chart').layout.yaxis.type"));
        Assert.Equal("loss: Frobenius (β = 2)", await page.EvaluateExpressionAsync<string>("document.getElementById('loss-chart').layout.yaxis.title.text"));
        Assert.Equal("heatmap", await page.EvaluateExpressionAsync<string>("document.getElementById('w-chart').data[0].type"));
        Assert.Contains("\"beta\": 2", await Text(page, "#resolved-config"));
        await Browser.Screenshot(page, "3-configuration");

        await page.GoToAsync(server.Url + "sweeps/sweep-web/jobs/job-1-3");
        await browser.Until(() => page.WaitForSelectorAsync("#job-error"));
        Assert.Equal("corrupt audio in MAPS_track_03.wav", await Text(page, "#job-error"));
        await Browser.Screenshot(page, "4-job");

        await page.GoToAsync(server.Url + "sweeps/sweep-web/jobs/job-0-0"); // mu, β = 1: another divergence, on its own page
        await browser.Until(() => page.WaitForSelectorAsync("#loss-chart .main-svg"));
        await browser.Until(() => page.WaitForSelectorAsync("#w-chart .main-svg"));
        Assert.Equal("loss: Kullback–Leibler (β = 1)", await page.EvaluateExpressionAsync<string>("document.getElementById('loss-chart').layout.yaxis.title.text"));
        Assert.Equal(100, await page.EvaluateExpressionAsync<int>("document.getElementById('loss-chart').data[0].y.length"));
        await Browser.Screenshot(page, "4b-job-loss");

        await page.GoToAsync(server.Url + "sweeps/sweep-web/compare?a=0&b=2");
        await browser.Until(() => page.WaitForSelectorAsync("#scatter .main-svg"));
        var scores = ConfigurationScores.From(rows, "f1");
        var expected = PairedComparison.Of(scores[2], scores[0], lowerIsBetter: false);
        var shown = double.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('wilcoxon-p').dataset.value"), CultureInfo.InvariantCulture);
        Assert.Equal(expected.Wilcoxon.PValue, shown, 14);
        Assert.Equal(Coordinator.Reports.ReportNumbers.PValue(expected.Wilcoxon.PValue), await Text(page, "#wilcoxon-p")); // written as summary.md writes it
        Assert.Equal($"{expected.Wins} / {expected.Ties} / {expected.Losses}", await Text(page, "#wins"));
        await Browser.Screenshot(page, "5-compare");

        await page.GoToAsync(server.Url + "sweeps/sweep-web/ranking");
        await browser.Until(() => page.WaitForSelectorAsync("#cd .main-svg"));
        var ranking = MetricComparison.Of(scores, "f1", lowerIsBetter: false, baselinePoint: null)!;
        Assert.Equal(Coordinator.Reports.ReportNumbers.PValue(ranking.Friedman.PValue), await Text(page, "#friedman-p"));
        await Browser.Screenshot(page, "6-ranking");

        var missing = await page.GoToAsync(server.Url + "sweeps/no-such-sweep");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Status);
        Assert.Contains("no sweep 'no-such-sweep'", await Text(page, "#error-message"));
        await Browser.Screenshot(page, "7-not-found");
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task A_separation_jobs_page_shows_its_log_and_plays_its_stems()
    {
        var stems = Directory.CreateTempSubdirectory("nmfgrid-stems-").FullName;
        try
        {
            var wav = Path.Combine(stems, "Track A", "source0_vocals.wav");
            Directory.CreateDirectory(Path.GetDirectoryName(wav)!);
            Tasks.Audio.AudioWriter.WriteWav(wav, Tasks.Audio.AudioSignal.FromMono(Enumerable.Range(0, 8000).Select(i => 0.3 * Math.Sin(i / 5.0)).ToArray(), 8000));
            await using var server = await ExplorerServer.Start(JobPageTests.Rows(stems));
            await using var page = await browser.Page();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e.Message);
            await page.GoToAsync(server.Url + "sweeps/sweep-sep/jobs/job-a");
            await browser.Until(() => page.WaitForSelectorAsync("#job-stems audio"));
            Assert.Contains("attempt 1 requeued: worker w0 terminated", await Text(page, "#job-log"));
            Assert.Equal("source0_vocals.wav", await Text(page, "#job-stems figcaption"));
            // The element's source is the stem, as the browser fetches it.
            Assert.Equal(200, await page.EvaluateExpressionAsync<int>("fetch(document.querySelector('#job-stems audio').src).then(r => r.status)"));
            Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#job-stems audio').controls"));
            await Browser.Screenshot(page, "4c-job-stems");

            await page.GoToAsync(server.Url + "sweeps/sweep-sep/jobs/job-c"); // a configuration that kept no stems says so
            await browser.Until(() => page.WaitForFunctionAsync("() => document.querySelector('#job-stems p')?.textContent.includes('write_audio_to')"));
            Assert.Empty(errors);
        }
        finally
        {
            Directory.Delete(stems, recursive: true);
        }
    }

    [ChromiumFact]
    public async Task A_filter_changes_the_rows()
    {
        var rows = WebSamples.Rows(failed: Failed);
        await using var server = await ExplorerServer.Start(rows);
        await using var page = await browser.Page();
        await page.GoToAsync(server.Url + "sweeps/sweep-web");
        await browser.Until(() => page.WaitForSelectorAsync("#results tbody tr"));
        var expected = rows.Count(r => r.Settings["algorithm.name"] == "hals" && r.Metrics.GetValueOrDefault("f1") > 0.5);
        Assert.InRange(expected, 1, rows.Count - 1);

        await page.TypeAsync("#filter", "settings.algorithm.name=hals; metrics.f1>0.5");
        await page.ClickAsync("#apply-filter");
        await browser.Until(() => page.WaitForFunctionAsync($"() => document.getElementById('results-count').textContent === '{expected} rows'"));
        var shown = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#results tbody tr').length");
        Assert.Equal(Math.Min(expected, 50), shown);
        Assert.Contains("filter=settings.algorithm.name%3Dhals", await page.EvaluateExpressionAsync<string>("location.search")); // the view is a link
        await Browser.Screenshot(page, "8-sweep-filtered");
    }

    [ChromiumFact]
    public async Task A_job_finishing_in_a_running_sweep_appears_on_the_open_page_without_a_reload_and_the_sweep_can_be_cancelled_and_retried()
    {
        var folder = Directory.CreateTempSubdirectory("nmfgrid-web-live-").FullName;
        try
        {
            var database = Path.Combine(folder, "nmfgrid.db");
            var run = new RunSettings(2, "managed", 1, 3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), folder, folder, database);
            var sweep = ReportSamples.Ledger(configurations: 1, tracks: 4).Sweeps[0];
            using var gate = new SemaphoreSlim(0);
            var runner = new CountingRunner((job, cancellation) =>
            {
                var track = int.Parse(job.TrackId["track-".Length..], CultureInfo.InvariantCulture);
                if (track >= 2)
                {
                    gate.Wait(cancellation); // held until the test lets one through
                }
                return ReportSamples.Result(0, track, factors: false);
            });
            await using var grid = await EmbeddedGrid.Start(run, runner: runner);
            await grid.Submit(sweep);
            var store = ResultsStore.Open(GridPersistenceOptions.Sqlite(database));
            const string token = "the-live-test-token-0123456789";
            await using var server = await ExplorerServer.On(store, WebSettings.Of(null, 0, token, _ => null), grid: grid);
            // The sweep's page exists once the projector has written its rows (about a second after the submission).
            for (var deadline = DateTime.UtcNow.AddSeconds(60); store.Rows("sweep-r").Count(r => r.Status == "succeeded") < 2 && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(100);
            }
            await using var page = await browser.Page();
            await page.GoToAsync(server.Url + "sweeps/sweep-r");
            await browser.Until(() => page.WaitForFunctionAsync("() => document.getElementById('count-succeeded')?.textContent === '2'"));
            await browser.Until(() => page.WaitForSelectorAsync("#live.on"));
            await page.EvaluateExpressionAsync("window.notReloaded = true");

            gate.Release();
            await browser.Until(() => page.WaitForFunctionAsync("() => document.getElementById('count-succeeded').textContent === '3'"));
            Assert.True(await page.EvaluateExpressionAsync<bool>("window.notReloaded === true"));
            await browser.Until(() => page.WaitForFunctionAsync("() => [...document.querySelectorAll('#results td.status-succeeded')].length === 3"));
            await Browser.Screenshot(page, "9-sweep-live");

            // Cancel: the page asks to confirm and for the token, the grid fails the running job as cancelled, the page shows it.
            page.Dialog += async (_, e) => await e.Dialog.Accept(e.Dialog.DialogType == DialogType.Prompt ? token : "");
            await page.ClickAsync("#cancel-sweep");
            await browser.Until(() => page.WaitForFunctionAsync("() => document.getElementById('count-failed').textContent === '1'"));
            Assert.Contains("cancel", store.Rows("sweep-r").Single(r => r.Status == "failed").Error, StringComparison.OrdinalIgnoreCase);
            await page.ClickAsync("#retry-failed");
            await browser.Until(() => page.WaitForFunctionAsync("() => /: 1 job$/.test(document.getElementById('action-result').textContent)"));
            await browser.Until(() => page.WaitForFunctionAsync("() => document.getElementById('count-failed').textContent === '0'"));
            await Browser.Screenshot(page, "10-sweep-actions");
            gate.Release(4);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateExpressionAsync<string>($"document.querySelector('{selector}').textContent.trim()");
}
