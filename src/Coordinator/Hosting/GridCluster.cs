using System.Reflection;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// Hosting registration of cluster membership, the same for every role: remoting on the settings' address,
/// hocon/cluster.conf (failure detector, split-brain resolver, frame size, singleton hand-over), the role,
/// the seed nodes, and TLS when a certificate is given. Without seeds the member starts a new cluster.
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
        return builder
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
                SeedNodes = settings.Seeds.ToArray(),
            })
            .AddStartup((system, _) =>
            {
                if (settings.Seeds.Count == 0)
                {
                    // The first member: it forms the cluster the others join through it.
                    var cluster = Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                }
            });
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"nmfgrid was built without the resource '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
