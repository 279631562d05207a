using System.Net;
using System.Net.Sockets;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>A TCP port free on loopback now, for a member started by a test (another process may take it meanwhile; rare).</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
