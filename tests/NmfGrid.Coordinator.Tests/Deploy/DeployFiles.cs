using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NmfGrid.Coordinator.Tests.Deploy;

/// <summary>Reads deploy/ as shipped (copied next to the tests): compose services, Kubernetes workloads, systemd
/// units with their example environment files, and the local-cluster script, as <see cref="DeployedProcess"/>es.</summary>
internal static partial class DeployFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "deploy");

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public static IReadOnlyList<YamlNode> Documents(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Text(relativePath));
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    /// <summary>A mapping's value by key, following YAML merge keys (&lt;&lt;: *anchor); null when absent.</summary>
    public static YamlNode? Get(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping) return null;
            var own = mapping.Children.FirstOrDefault(c => ((YamlScalarNode)c.Key).Value == key).Value;
            var merged = mapping.Children.FirstOrDefault(c => ((YamlScalarNode)c.Key).Value == "<<").Value;
            node = own ?? Get(merged, key);
        }
        return node;
    }

    public static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(YamlNode? node) => node as YamlSequenceNode ?? Enumerable.Empty<YamlNode>();

    public static IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode? node) =>
        (node as YamlMappingNode)?.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value)) ?? [];

    /// <summary>A command as a list of words: a YAML sequence as is, a YAML string split as sh would.</summary>
    private static List<string> Words(YamlNode? node) =>
        node switch
        {
            YamlSequenceNode sequence => sequence.Select(n => Scalar(n) ?? "").ToList(),
            YamlScalarNode scalar => ShellWords.Split(scalar.Value ?? "").ToList(),
            _ => [],
        };

    public static IReadOnlyList<DeployedProcess> ComposeServices()
    {
        // Compose reads $$ as a literal $.
        string Unescape(string s) => s.Replace("$$", "$");
        var processes = new List<DeployedProcess>();
        foreach (var (name, service) in Entries(Get(Documents("docker-compose.yml")[0], "services")))
        {
            var image = Scalar(Get(service, "image")) ?? "";
            var entrypoint = Words(Get(service, "entrypoint")).Select(Unescape).ToList();
            var command = Words(Get(service, "command")).Select(Unescape).ToList();
            List<string> words;
            if (entrypoint.Count >= 3 && entrypoint[1] == "-c")
                words = ShellWords.Split(entrypoint[2]).SelectMany(w => w == "$@" ? command : [w]).ToList();
            else
                words = [.. entrypoint, .. command];
            var environment = Entries(Get(service, "environment"))
                .ToDictionary(e => e.Key, e => Scalar(e.Value) is { } v ? Unescape(v) : null);
            var invocation = NmfgridInvocation.Find($"docker-compose.yml:{name}", words, entrypointIsNmfgrid: entrypoint.Count == 0 && image == ClusterCliContract.Image);
            processes.Add(new DeployedProcess($"docker-compose.yml:{name}", image, invocation, environment, []));
        }
        return processes;
    }

    /// <summary>Every YAML document under kubernetes/, with the file it came from.</summary>
    public static IReadOnlyList<(string File, YamlNode Document)> KubernetesDocuments() =>
        Directory.GetFiles(Path.Combine(Root, "kubernetes"), "*.yaml").Order(StringComparer.Ordinal)
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(f => Documents(Path.Combine("kubernetes", Path.GetFileName(f))).Select(d => ("kubernetes/" + Path.GetFileName(f), d)))
            .ToList();

    /// <summary>The containers of every workload (Deployment, StatefulSet, Job), images renamed as kustomization.yaml does
    /// for the files it lists.</summary>
    public static IReadOnlyList<DeployedProcess> KubernetesContainers()
    {
        var kustomization = Documents("kubernetes/kustomization.yaml")[0];
        var listed = Items(Get(kustomization, "resources")).Select(n => "kubernetes/" + Scalar(n)).ToHashSet();
        var renames = Items(Get(kustomization, "images")).ToDictionary(
            n => Scalar(Get(n, "name"))!, n => $"{Scalar(Get(n, "newName"))}:{Scalar(Get(n, "newTag"))}");
        var processes = new List<DeployedProcess>();
        foreach (var (file, document) in KubernetesDocuments())
        {
            var workload = Scalar(Get(document, "metadata", "name")) ?? Scalar(Get(document, "metadata", "generateName"));
            foreach (var container in Items(Get(document, "spec", "template", "spec", "containers")))
            {
                var image = Scalar(Get(container, "image")) ?? "";
                if (listed.Contains(file) && renames.TryGetValue(image, out var renamed)) image = renamed;
                var command = Words(Get(container, "command"));
                var words = command.Concat(Words(Get(container, "args"))).ToList();
                var environment = Items(Get(container, "env"))
                    .ToDictionary(e => Scalar(Get(e, "name"))!, e => Scalar(Get(e, "value")));
                var ports = Items(Get(container, "ports")).Select(p => int.Parse(Scalar(Get(p, "containerPort"))!)).ToList();
                var source = $"{file}:{workload}/{Scalar(Get(container, "name"))}";
                var invocation = NmfgridInvocation.Find(source, words, entrypointIsNmfgrid: command.Count == 0 && image == ClusterCliContract.Image);
                processes.Add(new DeployedProcess(source, image, invocation, environment, ports));
            }
        }
        return processes;
    }

    /// <summary>The systemd units, each with the variables of its example environment file
    /// (nmfgrid-coordinator.service → coordinator.env.example, nmfgrid-node@.service → node.env.example).</summary>
    public static IReadOnlyList<DeployedProcess> SystemdUnits() =>
        Directory.GetFiles(Path.Combine(Root, "systemd"), "*.service").Order(StringComparer.Ordinal).Select(path =>
        {
            var name = Path.GetFileName(path);
            var settings = UnitSettings(File.ReadAllText(path));
            var exampleName = name.Replace("nmfgrid-", "").Replace("@", "").Replace(".service", ".env.example");
            var environment = EnvironmentFile(Text(Path.Combine("systemd", exampleName)));
            var words = ShellWords.Split(settings.GetValueOrDefault("ExecStart", ""));
            return new DeployedProcess("systemd/" + name, "", NmfgridInvocation.Find("systemd/" + name, words), environment, []);
        }).ToList();

    public static IReadOnlyDictionary<string, string> UnitSettings(string unit) =>
        unit.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('[') && l.Contains('='))
            .Select(l => l.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    public static IReadOnlyDictionary<string, string?> EnvironmentFile(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);

    /// <summary>The nmfgrid command lines of local-cluster.sh (the ones it runs and the ones it prints).</summary>
    public static IReadOnlyList<NmfgridInvocation> LocalClusterInvocations() =>
        Text("local-cluster.sh").Split('\n')
            .Where(l => !l.TrimStart().StartsWith('#') && ShellInvocation().IsMatch(l))
            .Select(l => NmfgridInvocation.Find("local-cluster.sh", ShellWords.Split(l)))
            .OfType<NmfgridInvocation>().ToList();

    /// <summary>Every file under deploy/, as (path relative to deploy/, text).</summary>
    public static IEnumerable<(string Path, string Text)> AllFiles() =>
        Directory.GetFiles(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(Root, f), File.ReadAllText(f)));

    [GeneratedRegex(@"(\$\{?nmfgrid\}?|/nmfgrid)""?\s+[a-z]")]
    private static partial Regex ShellInvocation();
}
