using System.CommandLine;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Tests.Sweeps;
using Xunit.Abstractions;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>`nmfgrid cancel` and `nmfgrid retry` against an in-process cluster on loopback: a real client member, the coordinator singleton, real workers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SweepActionCommandTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    private async Task<(int Code, string Output, string Error)> Invoke(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await Program.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Patience);
        log.WriteLine($"{string.Join(' ', args)} → {code}: {output}{error}");
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Cancel_stops_a_running_sweep_and_retry_runs_its_cancelled_jobs_to_the_end()
    {
        var coordinator = await _cluster.Coordinator();
        var gate = new ManualResetEventSlim(false);
        var runner = new CountingRunner((_, ct) =>
        {
            gate.Wait(ct);
            return null;
        });
        await _cluster.Node(runner, workers: 1);
        var sweep = ClusterTestbed.Sweep(6, id: "action-sweep");
        var grid = ClusterGridClient.Of(coordinator);
        await grid.Submit(sweep);
        while (runner.Runs.IsEmpty) await Task.Delay(50);

        var (code, output, error) = await Invoke("cancel", "action-sweep", "--cluster", _cluster.Seed!, "--reason", "wrong preset");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal("sweep action-sweep: cancelled 6 jobs", output.Trim());
        var cancelled = await grid.Progress("action-sweep");
        Assert.Equal((0, 6, true), (cancelled!.Succeeded, cancelled.Failed, cancelled.Finished));

        gate.Set(); // the job that was running finishes after all: its result is kept
        (code, output, _) = await Invoke("retry", "action-sweep", "--cluster", _cluster.Seed!);
        Assert.Equal(0, code);
        // 5 when only the running job's result came in before the retry; fewer when the node also held a job or two that
        // ran once the gate opened (its idle poll can cross an assignment on a loaded machine).
        Assert.Matches(@"^sweep action-sweep: [1-6] failed jobs? queued again$", output.Trim());
        var finished = await ClusterTestbed.Finished(coordinator, "action-sweep", Patience);
        Assert.Equal(6, finished.Succeeded);
        Assert.All(runner.Runs.Values, n => Assert.Equal(1, n));

        (code, _, error) = await Invoke("retry", "no-such-sweep", "--cluster", _cluster.Seed!);
        Assert.Equal(2, code);
        Assert.Contains("knows no sweep 'no-such-sweep'", error);
    }
}
