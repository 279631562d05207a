using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Coordinator.Tests.Grid;
using NmfGrid.Coordinator.Tests.Sweeps;
using Npgsql;
using Xunit.Abstractions;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// `nmfgrid coordinator --postgres … --serve PORT` in-process on loopback, the cluster's first coordinator (so it holds the
/// sweep coordinator singleton and its results projector), with a worker node of the test joined to it: the explorer it
/// serves shows a sweep running in the cluster, and a cancel through the API (with the token the command printed) reaches
/// the cluster's coordinator.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class CoordinatorServeTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClusterTestbed _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task A_coordinator_with_serve_shows_a_sweep_running_in_the_cluster_and_cancels_it_through_the_API()
    {
        // nmfgrid refuses a password on its command line: it comes from PGPASSWORD, as an operator would give it.
        var connection = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString);
        var password = connection.Password;
        connection.Password = null;
        var passwordBefore = Environment.GetEnvironmentVariable("PGPASSWORD");
        Environment.SetEnvironmentVariable("PGPASSWORD", password);
        var (clusterPort, webPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        var output = new StringWriter();
        var console = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource();
        var command = Program.Build()
            .Parse(["coordinator", "--postgres", connection.ConnectionString, "--host", "127.0.0.1", "--port", $"{clusterPort}", "--serve", $"{webPort}"])
            .InvokeAsync(new InvocationConfiguration { Output = console, Error = console }, stop.Token);
        var gate = new ManualResetEventSlim(false);
        try
        {
            var token = await Printed(() => output.ToString(), command);
            var seed = _cluster.Settings() with { Seeds = [$"akka.tcp://nmfgrid@127.0.0.1:{clusterPort}"] };
            // One worker: two jobs succeed, the others wait (running) until the test lets them go.
            var runner = new CountingRunner((job, ct) =>
            {
                if (job.TrackId is not ("track0" or "track1"))
                {
                    gate.Wait(ct);
                }
                return null;
            });
            await _cluster.Node(runner, workers: 1, seed);
            var client = await _cluster.Client(seed);
            var sweepId = "serve-" + Guid.NewGuid().ToString("N")[..8]; // the PostgreSQL results table is shared with other tests
            await client.Submit(ClusterTestbed.Sweep(6, id: sweepId));

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromSeconds(30) };
            var line = await Until(async () =>
            {
                var sweeps = JsonDocument.Parse(await http.GetStringAsync("api/sweeps")).RootElement;
                return sweeps.EnumerateArray().FirstOrDefault(s => s.GetProperty("id").GetString() == sweepId) is { ValueKind: JsonValueKind.Object } s &&
                       s.GetProperty("succeeded").GetInt32() == 2 && s.GetProperty("running").GetInt32() >= 1 ? s.Clone() : (JsonElement?)null;
            });
            Assert.Equal(("running", 6), (line.GetProperty("status").GetString(), line.GetProperty("total").GetInt32()));
            var server = JsonDocument.Parse(await http.GetStringAsync("api/server")).RootElement;
            Assert.True(server.GetProperty("actions").GetBoolean());
            var results = JsonDocument.Parse(await http.GetStringAsync($"api/sweeps/{sweepId}/results")).RootElement;
            Assert.Equal(6, results.GetProperty("total").GetInt64());

            // Without the token an action is refused; with it, the cluster's coordinator cancels the sweep.
            using (var refused = await http.PostAsync($"api/sweeps/{sweepId}/cancel", null))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }
            Assert.Equal(6, (await client.Progress(sweepId))!.Total);
            Assert.Equal(0, (await client.Progress(sweepId))!.Failed);
            using var cancel = new HttpRequestMessage(HttpMethod.Post, $"api/sweeps/{sweepId}/cancel");
            cancel.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var cancelled = await http.SendAsync(cancel);
            var body = await cancelled.Content.ReadAsStringAsync();
            Assert.True(cancelled.StatusCode == HttpStatusCode.OK, $"{(int)cancelled.StatusCode} {body}");
            Assert.Equal(4, JsonDocument.Parse(body).RootElement.GetProperty("jobs").GetInt32()); // the running and the pending ones
            var progress = await client.Progress(sweepId);
            Assert.Equal((2, 4, true), (progress!.Succeeded, progress.Failed, progress.Finished));
            await Until(async () =>
            {
                var sweeps = JsonDocument.Parse(await http.GetStringAsync("api/sweeps")).RootElement;
                return sweeps.EnumerateArray().Any(s => s.GetProperty("id").GetString() == sweepId && s.GetProperty("failed").GetInt32() == 4) ? true : (bool?)null;
            });
        }
        finally
        {
            gate.Set();
            await stop.CancelAsync();
            try
            {
                await command.WaitAsync(Patience);
            }
            finally
            {
                Environment.SetEnvironmentVariable("PGPASSWORD", passwordBefore);
                log.WriteLine(output.ToString());
            }
        }
    }

    /// <summary>The token the command printed for actions, once its explorer is up (fails if the command ends first).</summary>
    private static async Task<string> Printed(Func<string> output, Task<int> command)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (TokenLine().Match(output()) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
            if (command.IsCompleted)
            {
                Assert.Fail($"coordinator --serve ended ({await command}) before its explorer was up: {output()}");
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"coordinator --serve printed no token in {Patience.TotalSeconds} s: {output()}");
    }

    private static async Task<T> Until<T>(Func<Task<T?>> look) where T : struct
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await look() is { } found)
            {
                return found;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"not seen in {Patience.TotalSeconds} s");
    }

    [GeneratedRegex(@"Token for actions \(cancel, retry\): (\S+)")]
    private static partial Regex TokenLine();
}
