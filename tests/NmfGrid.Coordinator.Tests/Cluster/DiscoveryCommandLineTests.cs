using System.CommandLine;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>`nmfgrid coordinator|node` refuse bad discovery options before starting anything, naming the option (exit 2).</summary>
public sealed class DiscoveryCommandLineTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Build().Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("node --discovery kubernetes", "node: --discovery-selector (NMFGRID_DISCOVERY_SELECTOR): --discovery=kubernetes needs the label selector")]
    [InlineData("node --seed akka.tcp://nmfgrid@c1:4053 --discovery config --discovery-endpoint c1:8558", "node: --seed and --discovery: join through seed nodes or through discovery, not both")]
    [InlineData("node --discovery-selector app=x", "node: --discovery-selector: only used with --discovery")]
    [InlineData("coordinator --discovery consul", "coordinator: --discovery: unknown discovery method 'consul' (expected kubernetes or config)")]
    [InlineData("coordinator --discovery config --discovery-endpoint c1:8558 --management-port 70000", "coordinator: --management-port: 70000 is not a port number")]
    public void A_bad_discovery_option_stops_the_member_with_its_name(string commandLine, string message)
    {
        var (code, _, error) = Run(commandLine.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }
}
