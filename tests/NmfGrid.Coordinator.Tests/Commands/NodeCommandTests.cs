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
    public void Prefetch_and_hold_limit_change_only_what_is_given()
    {
        var worker = new WorkerSettings { WorkerId = "w" };

        Assert.Equal(worker, NodeCommand.Holding(null, null)(worker));
        var tuned = NodeCommand.Holding(0, 2.5)(worker);
        Assert.Equal(0, tuned.Prefetch);
        Assert.Equal(TimeSpan.FromSeconds(2.5), tuned.HoldLimit);
        Assert.Equal(worker.PrefetchWindow, tuned.PrefetchWindow);
    }

    [Theory]
    [InlineData(-1, null, "--prefetch", "-1")]
    [InlineData(5000, null, "--prefetch", "5000")]
    [InlineData(null, 0.0, "--hold-limit", "0")]
    [InlineData(null, double.NaN, "--hold-limit", "NaN")]
    public void A_bad_prefetch_or_hold_limit_is_refused_naming_the_option_and_the_value(int? prefetch, double? hold, string option, string value)
    {
        var e = Assert.Throws<ClusterSettingsException>(() => NodeCommand.Holding(prefetch, hold));
        Assert.Contains(option, e.Message);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public async Task Node_with_a_negative_prefetch_exits_2_before_joining_anything()
    {
        var error = new StringWriter();
        var code = await Program.Build()
            .Parse(["node", "--seed", "akka.tcp://nmfgrid@127.0.0.1:1", "--prefetch", "-3", "--workers", "1", "--blas", "managed"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Contains("--prefetch", error.ToString());
    }

    [Fact]
    public void The_noop_runner_succeeds_at_once_and_says_it_computed_nothing()
    {
        var job = new Messages.JobSpec("j", "s", 0, "", "d", "t", 1);
        var result = new NoOpJobRunner().Run(job, new Messages.PointSpec("s", 0, "", "{}"), CancellationToken.None);

        Assert.Equal("noop", result.Backend);
        Assert.Empty(result.Metrics);
    }

    [Fact]
    public async Task A_node_whose_model_command_does_not_exist_here_exits_2_naming_the_command_and_the_host()
    {
        var error = new StringWriter();
        var code = await Program.Build()
            .Parse(["node", "--seed", "akka.tcp://nmfgrid@127.0.0.1:1", "--workers", "1", "--model", "nmfgrid-no-such-model --fast"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Contains("'nmfgrid-no-such-model --fast'", error.ToString());
        Assert.Contains(Environment.MachineName, error.ToString());
    }

    [Fact]
    public void The_model_check_passes_for_a_model_that_starts_and_greets()
    {
        var command = $"{ExternalModelSweepTests.Python.Value} '{ExternalModelSweepTests.Script("examples/numpy_beta_mu.py")}'";

        NodeCommand.CheckModels([command], CancellationToken.None);
        Assert.Throws<NmfGrid.Tasks.External.ExternalModelException>(() => NodeCommand.CheckModels([command, "nmfgrid-no-such-model"], CancellationToken.None));
    }
}
