using System.Collections.Immutable;
using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Newtonsoft.Json;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The HTTP route Cluster Bootstrap probes on every contact point, GET /bootstrap/seed-nodes, served with the
/// framework's HttpListener. It stands in for Akka Management's own endpoint, which cannot start here: Akka.Http.Shim
/// 1.5.73 was built against Ceen.Httpd 0.9.9, and 0.9.10 (the version served) changed HttpServer.ListenAsync's
/// signature (MissingMethodException at bind). The answer is Akka.Management's own SeedNodes record, serialised with
/// Newtonsoft as the probing side reads it; discovery, probing and the join decision stay Akka.Management's code.
/// </summary>
internal sealed class ContactPointEndpoint : IDisposable
{
    public const string SeedNodesPath = "/bootstrap/seed-nodes";

    private readonly HttpListener _listener;
    private readonly Cluster _cluster;

    private ContactPointEndpoint(HttpListener listener, Cluster cluster)
    {
        _listener = listener;
        _cluster = cluster;
    }

    /// <summary>Listens on <paramref name="bindHost"/>:<paramref name="port"/> (0.0.0.0 or ::: every interface) until disposed.</summary>
    public static ContactPointEndpoint Start(ActorSystem system, string bindHost, int port)
    {
        var host = bindHost is "0.0.0.0" or "::" or "" ? "+" : bindHost;
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://{host}:{port}/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new ClusterSettingsException($"--management-port (NMFGRID_MANAGEMENT_PORT): cannot listen on {bindHost}:{port}: {e.Message}");
        }
        var endpoint = new ContactPointEndpoint(listener, Cluster.Get(system));
        _ = endpoint.Serve();
        return endpoint;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the prober went away mid-answer; it probes again
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        using var response = context.Response;
        if (context.Request.HttpMethod != "GET" || context.Request.Url?.AbsolutePath.TrimEnd('/') != SeedNodesPath)
        {
            response.StatusCode = (int)HttpStatusCode.NotFound;
            return;
        }
        if (SeedNodes() is not { } json)
        {
            response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
            return;
        }
        var body = Encoding.UTF8.GetBytes(json);
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
    }

    /// <summary>
    /// This member's address and the reachable members that are joining or up (what a prober may join through);
    /// null while this member leaves or is down, so no one joins through it.
    /// </summary>
    internal string? SeedNodes()
    {
        var state = _cluster.State;
        // Not yet a member: an empty list (the prober learns this member is waiting too). A member that leaves or is
        // down (or a stopped cluster) answers 503, so no one joins through it.
        var self = state.Members.FirstOrDefault(m => m.UniqueAddress.Equals(_cluster.SelfUniqueAddress));
        if (_cluster.IsTerminated || self?.Status is MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed)
        {
            return null;
        }
        var members = state.Members
            .Where(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
            .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
            .ToImmutableList();
        return JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(_cluster.SelfAddress, members));
    }

    public void Dispose()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }
        _listener.Close();
    }
}
