using System.CommandLine;
using NmfGrid.Coordinator.Commands;
using NmfGrid.Coordinator.Hosting;
using NmfGrid.Node.Workers;

namespace NmfGrid.Coordinator.Tests.Commands;

public sealed class NodeCommandTests
{
    [Theory]
    [InlineData(null, "pipeline")]
    [InlineData("", "pipeline")]
    [InlineData("pipeline", "pipeline")]
    [InlineData("noop", "noop")]
    public void Runner_names_resolve_with_pipeline_as_the_default(string? given, string expected) =>
        Assert.Equal(expected, NodeCommand.Runner(given));

    [Fact]
    public void An_unknown_runner_is_refused_naming_the_option_and_the_value()
    {
        var e = Assert.Throws<ClusterSettingsException>(() => NodeCommand.Runner("fast"));
        Assert.Contains("--runner", e.Message);
        Assert.Contains("'fast'", e.Message);
    }

    [Fact]
    public async Task Node_with_an_unknown_runner_exits_2_before_joining_anything()
    {
        var error = new StringWriter();
        var code = await Program.Build()
            .Parse(["node", "--seed", "akka.tcp://nmfgrid@127.0.0.1:1", "--runner", "fast", "--workers", "1"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Contains("--runner", error.ToString());
    }

    [Fact]
    public void The_noop_runner_succeeds_at_once_and_says_it_computed_nothing()
    {
        var job = new Messages.JobSpec("j", "s", 0, "", "d", "t", "{}", 1);
        var result = new NoOpJobRunner().Run(job, CancellationToken.None);

        Assert.Equal("noop", result.Backend);
        Assert.Empty(result.Metrics);
    }
}
