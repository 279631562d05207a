using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace NmfGrid.Coordinator.Hosting;

/// <summary>
/// The cluster's TLS identity. Every member holds the same certificate (a PKCS#12 file with its private key)
/// and accepts a peer only if the peer presents that very certificate: with mutual authentication on, both
/// sides of every connection prove they hold it, so a process without it cannot join, nor even talk to a member.
/// Pinning replaces chain validation, so a self-signed certificate works without touching any trust store.
/// </summary>
public static class ClusterCertificate
{
    public static X509Certificate2 Load(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
            if (!certificate.HasPrivateKey)
            {
                throw new ClusterSettingsException($"NMFGRID_TLS_CERT: '{path}' has no private key; export the certificate with its key (.pfx)");
            }
            return certificate;
        }
        catch (CryptographicException e)
        {
            throw new ClusterSettingsException($"NMFGRID_TLS_CERT: '{path}' cannot be read as a PKCS#12 certificate (wrong NMFGRID_TLS_PASSWORD?): {e.Message}");
        }
    }

    /// <summary>Accepts exactly the cluster's certificate, whatever chain errors a self-signed certificate has.</summary>
    public static CertificateValidationCallback PinnedTo(X509Certificate2 cluster)
    {
        var expected = cluster.GetCertHashString(HashAlgorithmName.SHA256);
        return (certificate, _, peer, _, log) =>
        {
            var accepted = certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == expected;
            if (!accepted)
            {
                log.Warning("TLS: rejected {0}: its certificate ({1}) is not the cluster's", peer, certificate?.Subject ?? "none");
            }
            return accepted;
        };
    }

    /// <summary>A self-signed certificate with its private key, for a test cluster or a first trial (production: your own PKI).</summary>
    public static X509Certificate2 CreateSelfSigned(string subject, TimeSpan validity)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now + validity);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
    }
}
