using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>
/// The package mirror lacks some exact dependency versions and NuGet takes newer ones (NU1603): Ceen.Httpd 0.9.10 for
/// Akka.Http.Shim's 0.9.9 (and KubernetesClient 19.0.2 for Akka.Discovery.KubernetesApi's 17.0.14, which failed this
/// same check on ListNamespacedPodAsync, so nmfgrid does not use that package). A newer version that changed a
/// signature fails only when the call runs (MissingMethodException). These tests resolve every method and field an
/// assembly references in another one against the assembly actually shipped, as the runtime would.
/// </summary>
public sealed class DiscoveryPackageBindingTests
{
    [Fact]
    public void Cluster_bootstrap_binds_to_every_Akka_member_it_calls()
    {
        var bootstrap = typeof(Akka.Management.Cluster.Bootstrap.ClusterBootstrap).Assembly;
        foreach (var target in new[] { "Akka", "Akka.Cluster", "Akka.Discovery", "Akka.Hosting" })
        {
            var (checkedCount, missing) = Unresolved(bootstrap, target);
            Assert.True(checkedCount > 0, $"no {target} members referenced");
            Assert.Empty(missing);
        }
    }

    [Fact]
    public void Akka_Management_http_endpoint_does_not_bind_to_the_served_Ceen_Httpd_which_is_why_nmfgrid_serves_the_route_itself()
    {
        // If a later mirror serves a Ceen.Httpd that Akka.Http.Shim binds to, this fails: ContactPointEndpoint can then
        // give way to Akka Management's own endpoint (WithAkkaManagement).
        var shim = Assembly.Load("Akka.Http.Shim");
        var (_, missing) = Unresolved(shim, "Ceen.Httpd");
        Assert.Contains(missing, m => m.Contains("ListenAsync", StringComparison.Ordinal));
    }

    /// <summary>The members of <paramref name="targetAssembly"/> that <paramref name="assembly"/> references and the runtime cannot find.</summary>
    private static (int Checked, List<string> Missing) Unresolved(Assembly assembly, string targetAssembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var module = assembly.ManifestModule;
        var missing = new List<string>();
        var count = 0;
        foreach (var handle in metadata.MemberReferences)
        {
            var reference = metadata.GetMemberReference(handle);
            if (reference.Parent.Kind != HandleKind.TypeReference)
            {
                continue; // members of generic instantiations need their type arguments to resolve
            }
            var type = metadata.GetTypeReference((TypeReferenceHandle)reference.Parent);
            if (OwningAssembly(metadata, type) != targetAssembly)
            {
                continue;
            }
            count++;
            try
            {
                module.ResolveMember(MetadataTokens.GetToken(handle));
            }
            catch (Exception e) when (e is MissingMemberException or TypeLoadException or FileNotFoundException or BadImageFormatException)
            {
                missing.Add($"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}.{metadata.GetString(reference.Name)}: {e.GetType().Name}");
            }
        }
        return (count, missing);
    }

    private static string? OwningAssembly(MetadataReader metadata, TypeReference type)
    {
        var scope = type.ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = metadata.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope; // nested type: its outer type's scope
        }
        return scope.Kind == HandleKind.AssemblyReference
            ? metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)
            : null;
    }
}
