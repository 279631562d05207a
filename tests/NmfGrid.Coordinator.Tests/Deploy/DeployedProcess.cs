namespace NmfGrid.Coordinator.Tests.Deploy;

/// <summary>
/// One process a deploy file starts: where it is declared (file and service, workload or unit), the image it
/// runs (empty outside containers), its nmfgrid command line if it has one, its environment as declared (null
/// values come from secrets or the pod's fields) and the ports it declares.
/// </summary>
internal sealed record DeployedProcess(
    string Source,
    string Image,
    NmfgridInvocation? Invocation,
    IReadOnlyDictionary<string, string?> Environment,
    IReadOnlyList<int> Ports)
{
    public string? Env(string name) => Environment.TryGetValue(name, out var value) ? value : null;
}
