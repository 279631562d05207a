namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The discovery options as given on the command line (null: not given), before the environment fills them in and
/// <see cref="Resolve"/> checks them: --discovery, --discovery-selector, --discovery-endpoint,
/// --required-contact-points, --management-host, --management-port.
/// </summary>
public sealed record DiscoveryArguments(
    string? Method = null,
    string? Selector = null,
    IReadOnlyList<string>? Endpoints = null,
    int? RequiredContactPoints = null,
    string? ManagementHost = null,
    int? ManagementPort = null)
{
    /// <summary>
    /// The command line over NMFGRID_DISCOVERY, NMFGRID_DISCOVERY_SELECTOR, NMFGRID_DISCOVERY_ENDPOINTS (comma list),
    /// NMFGRID_REQUIRED_CONTACT_POINTS, NMFGRID_MANAGEMENT_HOST and NMFGRID_MANAGEMENT_PORT. Null when no method is
    /// given (the member joins through seeds); a discovery option without a method, or one the method does not use,
    /// is an error rather than silently ignored.
    /// </summary>
    public ClusterDiscovery? Resolve(Func<string, string?> environment)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } v ? v.Trim() : null;
        static string Source(bool fromCommandLine, string option, string variable) => fromCommandLine ? option : variable;

        var methodText = Method ?? Env("NMFGRID_DISCOVERY");
        var selector = Selector ?? Env("NMFGRID_DISCOVERY_SELECTOR");
        var endpoints = Endpoints is { Count: > 0 } ? Endpoints
            : Env("NMFGRID_DISCOVERY_ENDPOINTS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var endpointSource = Source(Endpoints is { Count: > 0 }, "--discovery-endpoint", "NMFGRID_DISCOVERY_ENDPOINTS");
        var selectorSource = Source(Selector is not null, "--discovery-selector", "NMFGRID_DISCOVERY_SELECTOR");
        var required = Count(RequiredContactPoints, "--required-contact-points", "NMFGRID_REQUIRED_CONTACT_POINTS", Env);
        var port = Count(ManagementPort, "--management-port", "NMFGRID_MANAGEMENT_PORT", Env);
        var host = ManagementHost ?? Env("NMFGRID_MANAGEMENT_HOST");

        if (methodText is null)
        {
            var stray = new[]
            {
                (selector is not null, selectorSource),
                (endpoints.Count > 0, endpointSource),
                (required is not null, Source(RequiredContactPoints is not null, "--required-contact-points", "NMFGRID_REQUIRED_CONTACT_POINTS")),
                (host is not null, Source(ManagementHost is not null, "--management-host", "NMFGRID_MANAGEMENT_HOST")),
                (port is not null, Source(ManagementPort is not null, "--management-port", "NMFGRID_MANAGEMENT_PORT")),
            }.Where(s => s.Item1).Select(s => s.Item2).ToList();
            if (stray.Count > 0)
            {
                throw new ClusterSettingsException($"{string.Join(", ", stray)}: only used with --discovery (NMFGRID_DISCOVERY) kubernetes or config, which is not given");
            }
            return null;
        }

        var methodSource = Source(Method is not null, "--discovery", "NMFGRID_DISCOVERY");
        var method = methodText.ToLowerInvariant() switch
        {
            "kubernetes" => ClusterDiscoveryMethod.Kubernetes,
            "config" => ClusterDiscoveryMethod.Config,
            _ => throw new ClusterSettingsException($"{methodSource}: unknown discovery method '{methodText}' (expected kubernetes or config)"),
        };
        if (method == ClusterDiscoveryMethod.Kubernetes)
        {
            if (selector is null)
                throw new ClusterSettingsException($"--discovery-selector (NMFGRID_DISCOVERY_SELECTOR): {methodSource}=kubernetes needs the label selector of the contact-point pods, e.g. app.kubernetes.io/name=nmfgrid,app.kubernetes.io/component=coordinator");
            if (endpoints.Count > 0)
                throw new ClusterSettingsException($"{endpointSource}: endpoints are for {methodSource}=config; kubernetes finds the pods by --discovery-selector");
        }
        else
        {
            if (endpoints.Count == 0)
                throw new ClusterSettingsException($"--discovery-endpoint (NMFGRID_DISCOVERY_ENDPOINTS): {methodSource}=config needs the management endpoints (host:port) of the contact points");
            if (selector is not null)
                throw new ClusterSettingsException($"{selectorSource}: a label selector is for {methodSource}=kubernetes; config lists --discovery-endpoint host:port");
            foreach (var endpoint in endpoints)
                CheckEndpoint(endpoint, endpointSource);
        }
        if (required is < 1)
            throw new ClusterSettingsException($"{Source(RequiredContactPoints is not null, "--required-contact-points", "NMFGRID_REQUIRED_CONTACT_POINTS")}: must be at least 1, got {required}");
        if (port is < 1 or > 65535)
            throw new ClusterSettingsException($"{Source(ManagementPort is not null, "--management-port", "NMFGRID_MANAGEMENT_PORT")}: {port} is not a port number (1–65535)");

        return new ClusterDiscovery
        {
            Method = method,
            PodLabelSelector = selector,
            Endpoints = endpoints,
            RequiredContactPoints = required ?? 1,
            ManagementHost = host,
            ManagementPort = port ?? ClusterDiscovery.DefaultManagementPort,
        };
    }

    private static int? Count(int? given, string option, string variable, Func<string, string?> env)
    {
        if (given is not null) return given;
        return env(variable) is { } text
            ? int.TryParse(text, out var value) ? value : throw new ClusterSettingsException($"{variable}: expected an integer, got '{text}'")
            : null;
    }

    /// <summary>A config endpoint is host:port of a management endpoint (the port is what tells members on one machine apart).</summary>
    private static void CheckEndpoint(string endpoint, string source)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || endpoint.Contains("://", StringComparison.Ordinal) ||
            !int.TryParse(endpoint[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new ClusterSettingsException($"{source}: '{endpoint}' is not a management endpoint host:port (e.g. 10.0.0.5:{ClusterDiscovery.DefaultManagementPort})");
        }
    }
}
