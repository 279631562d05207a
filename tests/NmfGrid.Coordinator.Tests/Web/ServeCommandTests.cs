using System.CommandLine;
using NmfGrid.Coordinator.Web;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>`nmfgrid serve` refusals, and what a started explorer prints once on the console (never through a logger).</summary>
public sealed class ServeCommandTests
{
    private static (int Code, string Output, string Error) Serve(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Build().Parse(["serve", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_database_that_does_not_exist_is_named_not_created()
    {
        var folder = Directory.CreateTempSubdirectory("nmfgrid-serve-").FullName;
        try
        {
            var journal = Path.Combine(folder, "nowhere.db");
            var (code, _, error) = Serve("--database", journal, "--port", "0");
            Assert.Equal(2, code);
            Assert.Contains($"no results table at '{Path.Combine(folder, "nowhere.results.db")}'", error);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_password_on_the_command_line_a_bad_address_and_a_short_token_are_refused()
    {
        var (code, _, error) = Serve("--postgres", "Host=db;Username=u;Password=hunter2-secret");
        Assert.Equal(2, code);
        Assert.DoesNotContain("hunter2-secret", error);
        Assert.Contains("NMFGRID_POSTGRES", error);
        (code, _, error) = Serve("--bind", "example.org", "--database", "x.db");
        Assert.Equal(2, code);
        Assert.Contains("--bind 'example.org' is not an IP address", error);
        (code, _, error) = Serve("--token", "tiny-secret", "--database", "x.db");
        Assert.Equal(2, code);
        Assert.DoesNotContain("tiny-secret", error);
    }

    [Fact]
    public async Task Off_loopback_the_generated_token_is_printed_once_in_the_address_and_on_loopback_only_beside_a_grid()
    {
        await using (var open = await ExplorerServer.Start(WebSamples.Rows(configurations: 1, tracks: 2), WebSettings.Of("0.0.0.0", 0, null, _ => null)))
        {
            var console = new StringWriter();
            open.Server.Announce(console);
            var token = open.Server.Settings.Token;
            Assert.Single(console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"/?token={token} (every request needs the token)", console.ToString());
        }
        await using (var local = await ExplorerServer.Start(WebSamples.Rows(configurations: 1, tracks: 2)))
        {
            var console = new StringWriter();
            local.Server.Announce(console);
            Assert.DoesNotContain(local.Server.Settings.Token, console.ToString()); // no grid, no actions: no token to show
            Assert.StartsWith("Results explorer: http://127.0.0.1:", console.ToString());
        }
    }

    [Fact]
    public void Run_with_serve_announces_the_explorer_beside_its_grid_and_refuses_it_with_a_cluster()
    {
        var root = Directory.CreateTempSubdirectory("nmfgrid-run-serve-").FullName;
        try
        {
            var bench = Commands.TinyBenchmark.Write(root, "nmfgrid.db", tracks: 1, maxIter: 5);
            var output = new StringWriter();
            var error = new StringWriter();
            var code = Program.Build().Parse(["run", bench, "-m", "--serve", "0"]).Invoke(new InvocationConfiguration { Output = output, Error = error });
            Assert.True(code == 0, error.ToString());
            Assert.Matches(@"Results explorer: http://127\.0\.0\.1:\d+/", output.ToString());
            Assert.Contains("Token for actions (cancel, retry): ", output.ToString()); // beside a grid, actions exist
            Assert.Contains("summary.md", output.ToString());

            error = new StringWriter();
            code = Program.Build().Parse(["run", bench, "-m", "--serve", "0", "--cluster", "akka.tcp://nmfgrid@127.0.0.1:4053"])
                .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
            Assert.Equal(2, code);
            Assert.Contains("nmfgrid coordinator --serve", error.ToString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
