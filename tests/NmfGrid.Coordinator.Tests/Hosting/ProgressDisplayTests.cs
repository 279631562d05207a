using NmfGrid.Coordinator.Hosting;
using NmfGrid.Messages;
using NmfGrid.Tasks.Pipeline;
using Spectre.Console.Testing;

namespace NmfGrid.Coordinator.Tests.Hosting;

public sealed class ProgressDisplayTests
{
    private static SweepProgress Progress(int succeeded, int failed, int running, int total = 12, params (string Host, int Done)[] hosts) =>
        new("s1", total, succeeded, failed, running, total - succeeded - failed - running,
            hosts.ToDictionary(h => h.Host, h => h.Done));

    private static readonly SweepProgress Start = Progress(0, 0, 0);

    private static ProgressReading At(double seconds, SweepProgress now) => ProgressReading.From(Start, now, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Rate_and_eta_count_only_jobs_finished_since_following_began()
    {
        var first = Progress(4, 0, 0, hosts: ("a", 4));
        var reading = ProgressReading.From(first, Progress(8, 1, 2, hosts: [("a", 6), ("b", 2)]), TimeSpan.FromSeconds(10));
        Assert.Equal(0.5, reading.JobsPerSecond, 12);          // (9 − 4) jobs / 10 s
        Assert.Equal(TimeSpan.FromSeconds(6), reading.Eta);     // 3 left / 0.5 per s
        Assert.Equal([new HostRate("a", 6, 0.2), new HostRate("b", 2, 0.2)], reading.Hosts);
    }

    [Fact]
    public void Eta_is_unknown_until_a_job_finished()
    {
        var reading = At(5, Progress(0, 0, 2));
        Assert.Null(reading.Eta);
        Assert.Equal("--:--:--", reading.EtaText);
    }

    [Fact]
    public void The_log_line_keeps_the_format_scripts_parse()
    {
        var line = LogProgressDisplay.Line(ProgressReading.From(Start, Progress(6, 1, 2, hosts: [("host-b", 2), ("host-a", 4)]), TimeSpan.FromSeconds(14)));
        Assert.Equal("[7/12] 6 done, 1 failed, 2 running, 3 pending | 0.50 jobs/s | ETA 00:00:10 | host-a:4 host-b:2", line);
    }

    [Fact]
    public void Each_headline_metric_s_running_mean_ends_the_log_line_and_shows_in_the_panel_with_its_direction()
    {
        var now = Progress(6, 1, 2) with { Means = new Dictionary<string, double> { ["f1"] = 0.538912, ["relative_error"] = 0.25 } };
        Headline[] headlines = [new("f1", MetricDirection.HigherIsBetter), new("relative_error", MetricDirection.LowerIsBetter), new("f3", MetricDirection.HigherIsBetter)];
        var reading = ProgressReading.From(Start, now, TimeSpan.FromSeconds(14), headlines);

        // f3 is no job's yet: left out, not shown as 0.
        Assert.EndsWith("| f1 0.5389 | relative_error 0.25", LogProgressDisplay.Line(reading));
        var console = new TestConsole().Width(100);
        console.Write(LiveProgressDisplay.Render(reading, "s"));
        Assert.Contains("f1 0.5389  (mean so far, higher is better)", console.Output);
        Assert.Contains("relative_error 0.25  (mean so far, lower is better)", console.Output);
        Assert.DoesNotContain("f3", console.Output);
    }

    [Fact]
    public void The_log_prints_when_a_job_finished_at_most_once_a_second_and_every_30_seconds_otherwise()
    {
        var output = new StringWriter();
        var log = new LogProgressDisplay(output);
        log.Update(At(0.0, Progress(0, 0, 2)), final: false);   // first reading: printed
        log.Update(At(0.2, Progress(0, 0, 2)), final: false);   // nothing new
        log.Update(At(0.4, Progress(1, 0, 2)), final: false);   // new, but under a second since the last line
        log.Update(At(1.0, Progress(1, 0, 2)), final: false);   // the change is printed once a second has passed
        log.Update(At(20, Progress(1, 0, 2)), final: false);    // quiet
        log.Update(At(31, Progress(1, 0, 2)), final: false);    // 30 s without a line: printed anyway
        log.Update(At(31.2, Progress(12, 0, 0)), final: true);  // the end is always printed
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["[0/12]", "[1/12]", "[1/12]", "[12/12]"], lines.Select(l => l[..l.IndexOf(' ')]));
    }

    [Fact]
    public void The_live_panel_shows_counts_rate_eta_and_each_host()
    {
        var console = new TestConsole().Width(100);
        console.Write(LiveProgressDisplay.Render(
            ProgressReading.From(Start, Progress(6, 1, 2, hosts: [("node-1", 4), ("node-2", 2)]), TimeSpan.FromSeconds(14)), "abc123 · demo"));
        var text = console.Output;
        Assert.Contains("abc123 · demo", text);
        Assert.Contains("7/12", text);
        Assert.Contains("6 done", text);
        Assert.Contains("1 failed", text);
        Assert.Contains("2 running", text);
        Assert.Contains("3 pending", text);
        Assert.Contains("0.50 jobs/s", text);
        Assert.Contains("ETA 00:00:10", text);
        Assert.Matches(@"node-1\s+│?\s*4\s+│?\s*0\.29", text);
        Assert.Matches(@"node-2\s+│?\s*2\s+│?\s*0\.14", text);
    }

    [Fact]
    public async Task The_live_display_runs_the_follow_loop_and_leaves_the_last_state_on_screen()
    {
        var console = new TestConsole().Width(100).Interactive();
        var live = new LiveProgressDisplay(console, "sweep s1");
        var finished = await live.Run(() =>
        {
            live.Update(At(1, Progress(3, 0, 2)), final: false);
            live.Update(At(2, Progress(12, 0, 0)), final: true);
            return Task.FromResult(true);
        });
        Assert.True(finished);
        Assert.Contains("12/12", console.Output);
        Assert.Contains("12 done", console.Output);
    }
}
