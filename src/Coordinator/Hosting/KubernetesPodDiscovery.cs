using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Akka.Actor;
using Akka.Discovery;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Contact points from the Kubernetes API: the running pods of this namespace that match the label selector, each at
/// its pod IP and its container port named as the lookup asks ("management"). It does what Akka.Discovery.KubernetesApi
/// does, in one GET /api/v1/namespaces/{ns}/pods?labelSelector=… with the pod's service-account token, because that
/// package (1.5.73) calls KubernetesClient 17 methods that 19.0.2, the version served here, no longer has
/// (MissingMethodException at the first lookup). Settings: akka.discovery.nmfgrid-kubernetes (<see cref="Hocon"/>).
/// </summary>
public sealed class KubernetesPodDiscovery : ServiceDiscovery
{
    /// <summary>The discovery method's name: akka.discovery.method = nmfgrid-kubernetes.</summary>
    public const string Method = "nmfgrid-kubernetes";

    private const string ServiceAccount = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly Akka.Configuration.Config _config;

    public KubernetesPodDiscovery(ExtendedActorSystem system)
    {
        _config = system.Settings.Config.GetConfig($"akka.discovery.{Method}");
    }

    /// <summary>
    /// The method's settings. api-url empty: https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT, trusted through
    /// the service account's ca.crt; token and namespace from the service account's files.
    /// </summary>
    public static string Hocon(string labelSelector, string? apiUrl = null) => $$"""
        akka.discovery.method = {{Method}}
        akka.discovery.{{Method}} {
          class = "{{typeof(KubernetesPodDiscovery).FullName}}, {{typeof(KubernetesPodDiscovery).Assembly.GetName().Name}}"
          pod-label-selector = {{JsonSerializer.Serialize(labelSelector)}}
          api-url = {{JsonSerializer.Serialize(apiUrl ?? "")}}
          token-path = "{{ServiceAccount}}/token"
          ca-path = "{{ServiceAccount}}/ca.crt"
          namespace-path = "{{ServiceAccount}}/namespace"
        }
        """;

    public override async Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout)
    {
        var selector = _config.GetString("pod-label-selector");
        var apiUrl = _config.GetString("api-url", "") is { Length: > 0 } url ? url.TrimEnd('/') : InClusterApiUrl();
        var tokenPath = _config.GetString("token-path");
        var caPath = _config.GetString("ca-path");
        var podNamespace = File.Exists(_config.GetString("namespace-path")) ? File.ReadAllText(_config.GetString("namespace-path")).Trim() : "default";

        using var handler = new HttpClientHandler();
        if (File.Exists(caPath))
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => TrustedBy(authority, certificate, errors);
        }
        using var http = new HttpClient(handler) { Timeout = resolveTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"{apiUrl}/api/v1/namespaces/{Uri.EscapeDataString(podNamespace)}/pods?labelSelector={Uri.EscapeDataString(selector)}");
        if (File.Exists(tokenPath))
        {
            // The token file is rotated by the kubelet: read it for every lookup.
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenPath)).Trim());
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Kubernetes API {request.RequestUri}: {(int)response.StatusCode} {response.StatusCode} (does the service account may list pods? see deploy/kubernetes/rbac.yaml): {body}");
        }
        return new Resolved(lookup.ServiceName, Targets(body, lookup.PortName));
    }

    /// <summary>
    /// The contact points in a pod list (the API's JSON): pods Running, not being deleted, with an IP and, when a port
    /// name is asked for, a container port of that name. A pod without it (a submit job) is no contact point.
    /// </summary>
    public static IReadOnlyList<ResolvedTarget> Targets(string podListJson, string? portName)
    {
        using var document = JsonDocument.Parse(podListJson);
        var targets = new List<ResolvedTarget>();
        if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return targets;
        }
        foreach (var pod in items.EnumerateArray())
        {
            if (pod.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("deletionTimestamp", out var deleted) && deleted.ValueKind != JsonValueKind.Null)
                continue;
            if (!pod.TryGetProperty("status", out var status) ||
                !status.TryGetProperty("phase", out var phase) || phase.GetString() != "Running" ||
                !status.TryGetProperty("podIP", out var ipElement) || !IPAddress.TryParse(ipElement.GetString(), out var ip))
                continue;
            int? port = null;
            if (!string.IsNullOrEmpty(portName))
            {
                port = ContainerPort(pod, portName);
                if (port is null)
                    continue;
            }
            targets.Add(new ResolvedTarget(ip.ToString(), port, ip));
        }
        return targets;
    }

    private static int? ContainerPort(JsonElement pod, string portName)
    {
        if (!pod.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("containers", out var containers))
            return null;
        foreach (var container in containers.EnumerateArray())
        {
            if (!container.TryGetProperty("ports", out var ports))
                continue;
            foreach (var port in ports.EnumerateArray())
            {
                if (port.TryGetProperty("name", out var name) && name.GetString() == portName && port.TryGetProperty("containerPort", out var number))
                    return number.GetInt32();
            }
        }
        return null;
    }

    private static string InClusterApiUrl()
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("NMFGRID_DISCOVERY=kubernetes: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set (not running in a pod?)");
        }
        return $"https://{(host.Contains(':') ? $"[{host}]" : host)}:{port}";
    }

    /// <summary>The API server's certificate must chain to the cluster's CA (the service account's ca.crt), and name the host.</summary>
    private static bool TrustedBy(X509Certificate2 authority, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
