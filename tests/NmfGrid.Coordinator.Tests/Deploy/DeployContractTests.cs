using System.Text.RegularExpressions;

namespace NmfGrid.Coordinator.Tests.Deploy;

/// <summary>
/// deploy/ (compose, Kubernetes, systemd, local-cluster.sh) uses only the cluster command line of
/// <see cref="ClusterCliContract"/>, and agrees with itself on image, actor system, ports and seeds.
/// </summary>
public sealed class DeployContractTests
{
    private static readonly Regex SeedAddress = new($@"^akka\.tcp://{ClusterCliContract.SystemName}@(?<host>[^:/@]+):(?<port>\d+)$");

    private static IReadOnlyList<DeployedProcess> AllProcesses() =>
        [.. DeployFiles.ComposeServices(), .. DeployFiles.KubernetesContainers(), .. DeployFiles.SystemdUnits()];

    private static IReadOnlyList<NmfgridInvocation> AllInvocations() =>
        [.. AllProcesses().Select(p => p.Invocation).OfType<NmfgridInvocation>(), .. DeployFiles.LocalClusterInvocations()];

    [Fact]
    public void Coordinator_and_node_are_started_by_compose_kubernetes_systemd_and_the_local_cluster()
    {
        var started = AllInvocations().Select(i => (File: i.Source.Split(['/', ':'])[0], i.Command)).ToHashSet();
        foreach (var file in new[] { "docker-compose.yml", "kubernetes", "systemd", "local-cluster.sh" })
        foreach (var command in new[] { "coordinator", "node" })
            Assert.Contains((file, command), started);
    }

    [Fact]
    public void Every_nmfgrid_command_line_in_deploy_uses_only_contract_subcommands_and_options()
    {
        foreach (var invocation in AllInvocations())
        {
            Assert.True(ClusterCliContract.Options.TryGetValue(invocation.Command, out var options),
                $"{invocation.Source}: 'nmfgrid {invocation.Command}' is not a cluster subcommand");
            foreach (var option in invocation.Options)
                Assert.True(options.Contains(option), $"{invocation.Source}: 'nmfgrid {invocation.Command}' has no option {option}");
        }
    }

    [Fact]
    public void Every_NMFGRID_variable_in_deploy_is_one_nmfgrid_reads()
    {
        var names = new Regex(@"\bNMFGRID_[A-Z_]+\b");
        var found = DeployFiles.AllFiles()
            .SelectMany(f => names.Matches(f.Text).Select(m => (f.Path, Name: m.Value))).ToList();
        Assert.NotEmpty(found);
        foreach (var (path, name) in found)
            Assert.True(ClusterCliContract.EnvironmentVariables.Contains(name), $"{path}: nmfgrid reads no variable {name}");
    }

    [Fact]
    public void Blas_backends_and_counts_given_to_nodes_are_valid()
    {
        var nodes = AllInvocations().Where(i => i.Command == "node").ToList();
        foreach (var node in nodes)
        {
            foreach (var backend in node.ValuesOf("--blas"))
                Assert.True(ClusterCliContract.BlasBackends.Contains(backend), $"{node.Source}: --blas {backend} is not a backend");
            foreach (var count in node.ValuesOf("--workers").Concat(node.ValuesOf("--blas-threads")))
                Assert.True(count.StartsWith('$') || int.TryParse(count, out var n) && n > 0, $"{node.Source}: '{count}' is not a positive count");
        }
        foreach (var process in AllProcesses())
        foreach (var name in new[] { "NMFGRID_WORKERS", "NMFGRID_BLAS_THREADS", "NMFGRID_PORT" })
            if (process.Env(name) is { } value)
                Assert.True(int.TryParse(value, out var n) && n >= 0, $"{process.Source}: {name}={value} is not a number");
    }

    [Fact]
    public void Every_seed_names_the_nmfgrid_actor_system_on_the_coordinator_port()
    {
        var seeds = AllInvocations().SelectMany(i => i.ValuesOf("--seed").Concat(i.ValuesOf("--cluster")))
            .Concat(AllProcesses().Select(p => p.Env("NMFGRID_SEEDS")).OfType<string>().SelectMany(s => s.Split(',')))
            .ToList();
        Assert.NotEmpty(seeds);
        foreach (var seed in seeds.Where(s => !s.StartsWith('$')))
        {
            var match = SeedAddress.Match(seed);
            Assert.True(match.Success, $"'{seed}' is not akka.tcp://{ClusterCliContract.SystemName}@HOST:PORT");
            Assert.Equal(ClusterCliContract.CoordinatorPort.ToString(), match.Groups["port"].Value);
        }
    }

    [Fact]
    public void Local_cluster_seed_is_the_coordinator_it_starts_on_the_default_port()
    {
        var script = DeployFiles.Text("local-cluster.sh");
        Assert.Contains($"port={ClusterCliContract.CoordinatorPort}\n", script);
        Assert.Contains($"seed=\"akka.tcp://{ClusterCliContract.SystemName}@127.0.0.1:$port\"", script);
        var coordinator = Assert.Single(DeployFiles.LocalClusterInvocations(), i => i.Command == "coordinator");
        Assert.Equal(["$seed"], coordinator.ValuesOf("--seed"));
        Assert.Equal(["$port"], coordinator.ValuesOf("--port"));
    }

    [Fact]
    public void Compose_seed_is_the_coordinator_service_on_the_coordinator_port()
    {
        var services = DeployFiles.ComposeServices();
        var coordinator = Assert.Single(services, s => s.Invocation?.Command == "coordinator");
        Assert.Equal(ClusterCliContract.CoordinatorPort.ToString(), coordinator.Env("NMFGRID_PORT"));
        var host = coordinator.Source.Split(':')[1];
        Assert.Equal(host, coordinator.Env("NMFGRID_PUBLIC_HOST"));
        foreach (var service in services.Where(s => s.Env("NMFGRID_SEEDS") is not null))
            Assert.Equal($"akka.tcp://{ClusterCliContract.SystemName}@{host}:{ClusterCliContract.CoordinatorPort}", service.Env("NMFGRID_SEEDS"));
        Assert.Equal("deploy/Dockerfile", DeployFiles.Scalar(DeployFiles.Get(DeployFiles.Documents("docker-compose.yml")[0], "services", "coordinator", "build", "dockerfile")));
    }

    [Fact]
    public void Kubernetes_members_bootstrap_from_the_coordinator_pods_found_by_label_and_advertise_their_headless_names()
    {
        var documents = DeployFiles.KubernetesDocuments().Select(d => d.Document).ToList();
        var statefulSet = Assert.Single(documents, d =>
            DeployFiles.Scalar(DeployFiles.Get(d, "kind")) == "StatefulSet" &&
            DeployFiles.Scalar(DeployFiles.Get(d, "metadata", "name")) == "nmfgrid-coordinator");
        var serviceName = DeployFiles.Scalar(DeployFiles.Get(statefulSet, "spec", "serviceName"))!;
        var replicas = DeployFiles.Scalar(DeployFiles.Get(statefulSet, "spec", "replicas"))!;
        var service = Assert.Single(documents, d =>
            DeployFiles.Scalar(DeployFiles.Get(d, "kind")) == "Service" &&
            DeployFiles.Scalar(DeployFiles.Get(d, "metadata", "name")) == serviceName);
        Assert.Equal("None", DeployFiles.Scalar(DeployFiles.Get(service, "spec", "clusterIP")));
        Assert.Equal("true", DeployFiles.Scalar(DeployFiles.Get(service, "spec", "publishNotReadyAddresses")));
        var coordinatorLabels = Labels(DeployFiles.Get(statefulSet, "spec", "template", "metadata", "labels"));
        var submitLabels = Labels(DeployFiles.Get(DeployFiles.Documents("kubernetes/submit.yaml")[0], "spec", "template", "metadata", "labels"));

        var containers = DeployFiles.KubernetesContainers();
        var members = containers.Where(c => c.Invocation?.Command is "coordinator" or "node").ToList();
        Assert.Equal(["coordinator", "node"], members.Select(m => m.Invocation!.Command).Order());
        foreach (var member in members)
        {
            Assert.Null(member.Env("NMFGRID_SEEDS"));
            Assert.Equal("kubernetes", member.Env("NMFGRID_DISCOVERY"));
            // The selector names the coordinator pods, and not the submit job (which serves no management port).
            var selector = Labels(member.Env("NMFGRID_DISCOVERY_SELECTOR")!);
            Assert.All(selector, label => Assert.Equal(label.Value, coordinatorLabels.GetValueOrDefault(label.Key)));
            Assert.Contains(selector, label => submitLabels.GetValueOrDefault(label.Key) != label.Value);
            // A new cluster waits for every coordinator: never two clusters from two early pods.
            Assert.Equal(replicas, member.Env("NMFGRID_REQUIRED_CONTACT_POINTS"));
            Assert.Equal(ClusterCliContract.ManagementPort.ToString(), member.Env("NMFGRID_MANAGEMENT_PORT"));
            Assert.Contains(ClusterCliContract.ManagementPort, member.Ports);
        }
        var coordinator = Assert.Single(members, c => c.Invocation!.Command == "coordinator");
        Assert.Equal($"$(POD_NAME).{serviceName}", coordinator.Env("NMFGRID_PUBLIC_HOST"));
        Assert.Contains("NMFGRID_MANAGEMENT_HOST", coordinator.Environment.Keys); // from status.podIP: how bootstrap recognises itself
        var text = DeployFiles.Text("kubernetes/coordinator.yaml");
        Assert.Contains("- name: management\n              containerPort: 8558", text);
        Assert.Contains("- name: NMFGRID_MANAGEMENT_HOST\n              valueFrom:\n                fieldRef:\n                  fieldPath: status.podIP", text);
    }

    [Fact]
    public void The_pod_reader_role_lets_discovery_list_pods()
    {
        var role = Assert.Single(DeployFiles.Documents("kubernetes/rbac.yaml"), d => DeployFiles.Scalar(DeployFiles.Get(d, "kind")) == "Role");
        var rule = Assert.Single(DeployFiles.Items(DeployFiles.Get(role, "rules")));
        Assert.Equal(["pods"], DeployFiles.Items(DeployFiles.Get(rule, "resources")).Select(n => DeployFiles.Scalar(n)));
        Assert.Contains("list", DeployFiles.Items(DeployFiles.Get(rule, "verbs")).Select(n => DeployFiles.Scalar(n)));
    }

    private static Dictionary<string, string> Labels(YamlDotNet.RepresentationModel.YamlNode? node) =>
        DeployFiles.Entries(node).ToDictionary(e => e.Key, e => DeployFiles.Scalar(e.Value)!);

    /// <summary>An equality-based label selector (a=b,c=d) as its labels.</summary>
    private static Dictionary<string, string> Labels(string selector) =>
        selector.Split(',').Select(term => term.Split('=', 2)).ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());

    [Fact]
    public void Every_nmfgrid_container_runs_the_image_the_Dockerfile_builds()
    {
        Assert.Contains($"-t {ClusterCliContract.Image} .", DeployFiles.Text("Dockerfile"));
        Assert.Contains("ENTRYPOINT [\"/app/nmfgrid\"]", DeployFiles.Text("Dockerfile"));
        var containers = DeployFiles.ComposeServices().Concat(DeployFiles.KubernetesContainers())
            .Where(p => p.Image.StartsWith("nmfgrid", StringComparison.Ordinal) || p.Invocation is not null).ToList();
        Assert.True(containers.Count >= 6, $"only {containers.Count} nmfgrid containers found");
        foreach (var container in containers)
            Assert.True(container.Image == ClusterCliContract.Image, $"{container.Source} runs image '{container.Image}'");
    }

    [Fact]
    public void The_coordinator_port_is_the_same_in_Dockerfile_kubernetes_systemd_and_network_policy()
    {
        var port = ClusterCliContract.CoordinatorPort;
        Assert.Contains($"EXPOSE {port}", DeployFiles.Text("Dockerfile"));
        foreach (var container in DeployFiles.KubernetesContainers().Where(c => c.Invocation is not null))
        {
            Assert.Equal(port.ToString(), container.Env("NMFGRID_PORT"));
            if (container.Invocation!.Command is "coordinator" or "node") Assert.Equal([port, ClusterCliContract.ManagementPort], container.Ports);
        }
        var policy = DeployFiles.KubernetesDocuments().Single(d => DeployFiles.Scalar(DeployFiles.Get(d.Document, "metadata", "name")) == "nmfgrid-remoting");
        var policyPorts = DeployFiles.Get(DeployFiles.Items(DeployFiles.Get(policy.Document, "spec", "ingress")).Single(), "ports");
        Assert.Equal([port.ToString(), ClusterCliContract.ManagementPort.ToString()],
            DeployFiles.Items(policyPorts).Select(p => DeployFiles.Scalar(DeployFiles.Get(p, "port"))));
        var systemdCoordinator = Assert.Single(DeployFiles.SystemdUnits(), u => u.Invocation?.Command == "coordinator");
        Assert.Equal(port.ToString(), systemdCoordinator.Env("NMFGRID_PORT"));
    }

    [Fact]
    public void Kustomization_lists_every_manifest_except_the_submit_job()
    {
        var kustomization = DeployFiles.Documents("kubernetes/kustomization.yaml")[0];
        var listed = DeployFiles.Items(DeployFiles.Get(kustomization, "resources")).Select(n => DeployFiles.Scalar(n)!).Order().ToList();
        var present = Directory.GetFiles(Path.Combine(DeployFiles.Root, "kubernetes"), "*.yaml").Select(f => Path.GetFileName(f))
            .Where(f => f is not "kustomization.yaml" and not "submit.yaml").Order().ToList();
        Assert.Equal(present, listed);
    }

    [Fact]
    public void Systemd_units_start_the_installed_nmfgrid_with_their_environment_file()
    {
        var units = DeployFiles.SystemdUnits();
        Assert.Equal(2, units.Count);
        foreach (var unit in units)
        {
            var settings = DeployFiles.UnitSettings(DeployFiles.Text(unit.Source));
            Assert.StartsWith("/opt/nmfgrid/nmfgrid ", settings["ExecStart"]);
            Assert.StartsWith("/etc/nmfgrid/", settings["EnvironmentFile"]);
            Assert.NotNull(unit.Env("NMFGRID_SEEDS"));
            Assert.NotNull(unit.Env("NMFGRID_PUBLIC_HOST"));
        }
        Assert.Contains("%i", DeployFiles.UnitSettings(DeployFiles.Text("systemd/nmfgrid-node@.service"))["EnvironmentFile"]);
    }

    [Fact]
    public void No_password_or_connection_string_is_put_on_a_command_line()
    {
        // Any user on the machine can read a process's command line (ps); its environment only the owner.
        foreach (var invocation in AllInvocations())
        {
            Assert.DoesNotContain("--postgres", invocation.Options);
            Assert.DoesNotContain(invocation.Arguments, a => a.Contains("Password=", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The members and clients a deploy file starts: a cluster command, or (compose's submit tool) a container set up as one.</summary>
    private static IReadOnlyList<DeployedProcess> ClusterMembers() =>
        AllProcesses().Where(p => p.Invocation?.Command is { } command && ClusterCliContract.MemberCommands.Contains(command)
                                  || p.Environment.ContainsKey("NMFGRID_PORT")).ToList();

    [Fact]
    public void Every_cluster_member_deployed_off_loopback_has_the_certificate_and_none_runs_insecure()
    {
        var members = ClusterMembers();
        Assert.True(members.Count >= 8, $"only {members.Count} members found: {string.Join(", ", members.Select(m => m.Source))}");
        foreach (var member in members)
        {
            Assert.True(member.Env("NMFGRID_TLS_CERT") is { Length: > 0 }, $"{member.Source} has no NMFGRID_TLS_CERT: it would refuse to start");
            Assert.True(member.Environment.ContainsKey("NMFGRID_TLS_PASSWORD") || member.Environment.ContainsKey("NMFGRID_TLS_PASSWORD_FILE"),
                $"{member.Source} has no certificate password");
        }
        foreach (var invocation in AllInvocations())
            Assert.DoesNotContain("--insecure", invocation.Options);
    }

    [Fact]
    public void Compose_makes_the_certificate_once_in_a_volume_every_member_mounts_and_waits_for()
    {
        var services = DeployFiles.Get(DeployFiles.Documents("docker-compose.yml")[0], "services");
        var maker = Assert.Single(DeployFiles.ComposeServices(), s => s.Invocation?.Command == "certificate");
        var makerName = maker.Source.Split(':')[1];
        var pfx = Assert.Single(maker.Invocation!.ValuesOf("--out"));
        var password = Assert.Single(maker.Invocation.ValuesOf("--password-file"));
        Assert.Contains("--if-absent", maker.Invocation.Options); // a restart must not rotate it
        var folder = Path.GetDirectoryName(pfx)!;
        Assert.Equal(folder, Path.GetDirectoryName(password));
        var volume = Assert.Single(DeployFiles.Items(DeployFiles.Get(services, makerName, "volumes")).Select(v => DeployFiles.Scalar(v)!)
                                       .Where(v => v.EndsWith(":" + folder, StringComparison.Ordinal))).Split(':')[0];
        Assert.Contains(volume, DeployFiles.Entries(DeployFiles.Get(DeployFiles.Documents("docker-compose.yml")[0], "volumes")).Select(e => e.Key));

        var members = DeployFiles.ComposeServices().Where(s => s.Environment.ContainsKey("NMFGRID_PORT")).ToList();
        Assert.Equal(["coordinator", "node", "submit"], members.Select(m => m.Source.Split(':')[1]).Order());
        foreach (var member in members)
        {
            var name = member.Source.Split(':')[1];
            Assert.Equal(pfx, member.Env("NMFGRID_TLS_CERT"));
            Assert.Equal(password, member.Env("NMFGRID_TLS_PASSWORD_FILE"));
            Assert.Contains($"{volume}:{folder}:ro", DeployFiles.Items(DeployFiles.Get(services, name, "volumes")).Select(v => DeployFiles.Scalar(v)));
            Assert.Equal("service_completed_successfully", DeployFiles.Scalar(DeployFiles.Get(services, name, "depends_on", makerName, "condition")));
        }
        // The image's user owns the mount point, so the one-shot can write into the fresh volume.
        var dockerfile = DeployFiles.Text("Dockerfile");
        Assert.Contains(folder, dockerfile);
        Assert.Contains("chown -R app:app /work /etc/nmfgrid", dockerfile);
    }

    [Fact]
    public void Kubernetes_members_mount_the_certificate_and_read_its_password_from_one_Secret()
    {
        var checkedContainers = 0;
        foreach (var (file, document) in DeployFiles.KubernetesDocuments())
        {
            var pod = DeployFiles.Get(document, "spec", "template", "spec");
            foreach (var container in DeployFiles.Items(DeployFiles.Get(pod, "containers")))
            {
                var env = DeployFiles.Items(DeployFiles.Get(container, "env")).ToDictionary(e => DeployFiles.Scalar(DeployFiles.Get(e, "name"))!);
                if (!env.TryGetValue("NMFGRID_TLS_CERT", out var certificateEntry)) continue;
                var certificate = DeployFiles.Scalar(DeployFiles.Get(certificateEntry, "value"))!;
                var mount = Assert.Single(DeployFiles.Items(DeployFiles.Get(container, "volumeMounts")),
                    m => certificate.StartsWith(DeployFiles.Scalar(DeployFiles.Get(m, "mountPath")) + "/", StringComparison.Ordinal));
                var volume = Assert.Single(DeployFiles.Items(DeployFiles.Get(pod, "volumes")),
                    v => DeployFiles.Scalar(DeployFiles.Get(v, "name")) == DeployFiles.Scalar(DeployFiles.Get(mount, "name")));
                var secret = DeployFiles.Scalar(DeployFiles.Get(volume, "secret", "secretName"));
                Assert.True(secret is not null, $"{file}: the certificate's volume is not a Secret");
                Assert.Contains(Path.GetFileName(certificate), DeployFiles.Items(DeployFiles.Get(volume, "secret", "items")).Select(i => DeployFiles.Scalar(DeployFiles.Get(i, "path"))));
                Assert.Equal(secret, DeployFiles.Scalar(DeployFiles.Get(env["NMFGRID_TLS_PASSWORD"], "valueFrom", "secretKeyRef", "name")));
                checkedContainers++;
            }
        }
        Assert.Equal(3, checkedContainers); // coordinator, node, submit
    }

    [Fact]
    public void The_local_cluster_stays_on_loopback_and_so_needs_no_certificate()
    {
        var members = DeployFiles.LocalClusterInvocations().Where(i => i.Command is "coordinator" or "node").ToList();
        Assert.Equal(["coordinator", "node"], members.Select(m => m.Command).Order());
        foreach (var member in members)
            Assert.Equal(["127.0.0.1"], member.ValuesOf("--host"));
        var script = DeployFiles.Text("local-cluster.sh");
        Assert.DoesNotContain("NMFGRID_TLS", script);
        Assert.DoesNotContain("--insecure", script);
    }
}
