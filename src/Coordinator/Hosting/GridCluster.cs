using System.Reflection;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Discovery.Config.Hosting;
using Akka.Hosting;
using Akka.Management.Dsl;
using Akka.Management.Cluster.Bootstrap;
using Akka.Remote.Hosting;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Hosting registration of cluster membership, the same for every role: remoting on the settings' address,
/// hocon/cluster.conf (failure detector, split-brain resolver, frame size, singleton hand-over), the role,
/// the seed nodes or Cluster Bootstrap, and TLS when a certificate is given. Without seeds or discovery the
/// member starts a new cluster.
/// </summary>
public static class GridCluster
{
    /// <summary>hocon/cluster.conf as compiled into nmfgrid.</summary>
    public static Akka.Configuration.Config ClusterHocon { get; } = ConfigurationFactory.ParseString(ReadResource("cluster.conf"));

    public static AkkaConfigurationBuilder WithGridCluster(this AkkaConfigurationBuilder builder, ClusterSettings settings, string role)
    {
        var certificate = settings.TlsCertificate is { } path ? ClusterCertificate.Load(path, settings.TlsPassword) : null;
        var hocon = ClusterHocon;
        if (settings.ExtraHocon is { } extra)
        {
            hocon = ConfigurationFactory.ParseString(extra).WithFallback(hocon);
        }
        builder
            .AddHocon(hocon, HoconAddMode.Prepend)
            .WithRemoting(options =>
            {
                options.HostName = settings.Host;
                options.PublicHostName = settings.AdvertisedHost();
                options.Port = settings.Port;
                if (certificate is not null)
                {
                    options.EnableSsl = true;
                    options.Ssl = new SslOptions
                    {
                        X509Certificate = certificate,
                        SuppressValidation = false,
                        RequireMutualAuthentication = true,
                        ValidateCertificateHostname = false,
                        CustomValidator = ClusterCertificate.PinnedTo(certificate),
                    };
                }
            })
            .WithClustering(new ClusterOptions
            {
                Roles = [role],
                SeedNodes = settings.TransportSeeds().ToArray(),
            })
            .AddStartup((system, _) =>
            {
                if (settings.Seeds.Count == 0 && settings.Discovery is null)
                {
                    // The first member: it forms the cluster the others join through it.
                    var cluster = Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                }
            });
        return settings.Discovery is { } discovery ? builder.WithGridBootstrap(settings, discovery) : builder;
    }

    /// <summary>
    /// The contact-point endpoint on every member (the route peers probe for seed nodes, see
    /// <see cref="ContactPointEndpoint"/>), Cluster Bootstrap started once the ActorSystem is up, and the discovery
    /// method that lists the contact points.
    /// </summary>
    private static AkkaConfigurationBuilder WithGridBootstrap(this AkkaConfigurationBuilder builder, ClusterSettings settings, ClusterDiscovery discovery)
    {
        builder
            .WithClusterBootstrap(options =>
            {
                options.ContactPointDiscovery.ServiceName = ClusterDiscovery.ServiceName;
                options.ContactPointDiscovery.RequiredContactPointsNr = discovery.RequiredContactPoints;
                options.ContactPoint.FallbackPort = discovery.ManagementPort;
                if (discovery.Method == ClusterDiscoveryMethod.Kubernetes)
                {
                    // Each pod's management port is its container port of this name.
                    options.ContactPointDiscovery.PortName = ClusterDiscovery.KubernetesPortName;
                }
                else
                {
                    // Config endpoints carry their ports; several members on one host differ only by port, and
                    // the default filter would keep only those on the fallback port.
                    options.ContactPoint.FilterOnFallbackPort = false;
                }
            }, autoStart: false)
            .AddStartup(async (system, _) =>
            {
                var endpoint = ContactPointEndpoint.Start(system, settings.Host, discovery.ManagementPort);
                system.RegisterOnTermination(endpoint.Dispose);
                // The host the peers find this endpoint by: bootstrap recognises itself among the discovered
                // contact points by it, and only the lowest contact point that recognises itself starts a cluster.
                var self = new UriBuilder("http", discovery.ManagementHost ?? settings.AdvertisedHost(), discovery.ManagementPort).Uri;
                var bootstrap = ClusterBootstrap.Get(system);
                bootstrap.Routes(ManagementRouteProviderSettings.Create(self, true)); // records the self contact point
                await bootstrap.Start();
            });
        return discovery.Method == ClusterDiscoveryMethod.Kubernetes
            // Appended: below the ExtraHocon, which tests use to point api-url at a local API server.
            ? builder.AddHocon(KubernetesPodDiscovery.Hocon(discovery.PodLabelSelector!), HoconAddMode.Append)
            : builder.WithConfigDiscovery(options => options.Services =
                [new Service { Name = ClusterDiscovery.ServiceName, Endpoints = discovery.Endpoints.ToArray() }]);
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"nmfgrid was built without the resource '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
