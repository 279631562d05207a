namespace NmfGrid.Coordinator.Config;

/// <summary>
/// Builds one config from a primary file: its defaults list (groups live in sub-folders next to it, e.g.
/// benchmarks/algorithm/mu.yaml, or in a folder given with `--config-dir`, Hydra's name), group choices from
/// overrides, then value overrides in order, then interpolation. The primary file's own values win over its
/// defaults unless `_self_` says otherwise.
/// An option with no file may come from the code (<see cref="RegisteredOptions"/>: a registered algorithm's, task's or dataset's name).
/// </summary>
public sealed class ConfigComposer
{
    private readonly Dictionary<string, YamlConfigFile> _files = new(StringComparer.Ordinal);
    private readonly string _directory;
    private readonly IReadOnlyList<RegisteredOptions> _registered;

    /// <summary>Where groups and plain defaults are looked for, in order: beside the primary file, then each config dir.</summary>
    private readonly IReadOnlyList<string> _searchPath;

    /// <param name="configDirs">Folders to look for config groups in after the primary file's own (`--config-dir`).</param>
    /// <param name="registered">Groups whose options may come from the code (none unless given: the config engine knows no task).</param>
    public ConfigComposer(string primaryPath, IReadOnlyList<string>? configDirs = null, IReadOnlyList<RegisteredOptions>? registered = null)
    {
        PrimaryPath = Path.GetFullPath(primaryPath);
        _directory = Path.GetDirectoryName(PrimaryPath)!;
        _searchPath = [_directory, .. (configDirs ?? []).Select(Path.GetFullPath).Where(d => d != _directory)];
        _registered = registered ?? [];
        Primary = Load(PrimaryPath);
    }

    public string PrimaryPath { get; }

    public YamlConfigFile Primary { get; }

    /// <summary>True when a folder named like the key holds options, i.e. `key=option` chooses a group.</summary>
    public bool IsGroup(string key) => GroupFolder(key.Split('@')[0]) is not null;

    /// <summary>The option names of a group: the YAML files in its folder.</summary>
    public IReadOnlyList<string> Options(string group) =>
        GroupFolder(group) is { } folder
            ? Directory.EnumerateFiles(folder, "*.yaml")
                .Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>The first folder named like the group on the search path, or null.</summary>
    private string? GroupFolder(string group) =>
        _searchPath.Select(d => Path.Combine(d, group)).FirstOrDefault(Directory.Exists);

    public ComposedConfig Compose(IReadOnlyList<Override> overrides, DateTimeOffset now)
    {
        var sweep = overrides.FirstOrDefault(o => o.IsSweep);
        if (sweep is not null)
        {
            throw new ConfigException(sweep.Where, "this override is a sweep; run with --multirun (-m) to expand it");
        }
        // A zip() override, once a sweep point has picked its tuple, is one override per key.
        overrides = overrides.SelectMany(o => o.Keys.Count == 1
            ? [o]
            : o.Keys.Select((key, i) => o with { Keys = [key], Choices = o.Choices.Count > 0 ? [[o.Choices[0][i]]] : [] })).ToArray();
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var defaults = ApplyGroupOverrides(DefaultsEntry.Read(Primary.Root, Primary), overrides);
        var root = new ConfigMap();
        var self = Primary.Root.Clone();
        self.Remove("defaults");
        self.Remove("sweep");
        if (!defaults.Any(d => d.IsSelf))
        {
            defaults = [.. defaults, new DefaultsEntry(null, null, null, false, true, new SourceLocation(Primary.Path))];
        }
        var choices = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in defaults)
        {
            if (entry.IsSelf)
            {
                root.MergeFrom(self);
                AddLocations(locations, Primary, "");
                continue;
            }
            if (entry.Group is null)
            {
                var file = Load(_searchPath.Select(d => Path.Combine(d, entry.Option + ".yaml")).FirstOrDefault(File.Exists)
                                ?? Path.Combine(_directory, entry.Option + ".yaml"), entry.Where);
                root.MergeFrom(file.Root);
                AddLocations(locations, file, "");
                continue;
            }
            choices[entry.Group] = entry.Option;
            if (entry.Option is null)
            {
                continue;
            }
            var folder = GroupFolder(entry.Group);
            var registered = _registered.FirstOrDefault(r => r.Group == entry.Group);
            var path = Path.Combine(folder ?? Path.Combine(_directory, entry.Group), entry.Option + ".yaml");
            if (folder is null && !entry.Optional && registered?.Section(entry.Option) is null)
            {
                throw new ConfigException(entry.Where, $"{MissingGroup(entry.Group)}. So there is no option '{entry.Option}' in group " +
                                                       $"'{entry.Group}' (looked for {path}){FromCode(registered)}");
            }
            if (!File.Exists(path))
            {
                if (registered?.Section(entry.Option) is { } section)
                {
                    var fromCode = new ConfigMap();
                    fromCode.TrySet(entry.Target, section);
                    root.MergeFrom(fromCode);
                    foreach (var key in section.Keys)
                    {
                        locations[entry.Target + "." + key] = entry.Where;
                    }
                    continue;
                }
                if (entry.Optional)
                {
                    continue;
                }
                var known = Options(entry.Group);
                throw new ConfigException(entry.Where,
                    $"no option '{entry.Option}' in group '{entry.Group}' (looked for {path}); available: {(known.Count == 0 ? "none" : string.Join(", ", known))}" +
                    FromCode(registered));
            }
            var option = Load(path, entry.Where);
            if (option.Root.ContainsKey("defaults"))
            {
                throw new ConfigException(option.Locations["defaults"], "nested defaults lists are not supported in group options");
            }
            var wrapped = new ConfigMap();
            wrapped.TrySet(entry.Target, option.Root.Clone());
            root.MergeFrom(wrapped);
            AddLocations(locations, option, entry.Target);
        }
        foreach (var o in overrides.Where(o => !IsGroupChoice(o, defaults)))
        {
            ApplyValueOverride(root, o, locations);
        }
        Interpolation.Resolve(root, locations, now);
        return new ComposedConfig(root, choices, locations);
    }

    /// <summary>The names the code answers for in this group, for an error's end; empty when the code supplies none.</summary>
    private static string FromCode(RegisteredOptions? registered) =>
        registered is null ? "" : $"; or one of the {registered.Kind}, which need no file: {string.Join(", ", registered.Names)}";

    /// <summary>Where a group was looked for, and how to point at it: a copy of benchmarks/demo.yaml elsewhere meets this first.</summary>
    private string MissingGroup(string group)
    {
        var looked = string.Join(", ", _searchPath.Select(d => $"'{Path.Combine(d, group)}{Path.DirectorySeparatorChar}'"));
        return $"config group '{group}' not found: looked for the folder {looked}. Config groups (algorithm/, task/, dataset/) " +
               $"are looked for beside the benchmark file, then in each --config-dir: keep {Path.GetFileName(PrimaryPath)} in the " +
               $"folder that holds them (benchmarks/), or point at that folder, e.g. nmfgrid run {Path.GetFileName(PrimaryPath)} -m --config-dir benchmarks";
    }

    private bool IsGroupChoice(Override o, IReadOnlyList<DefaultsEntry> defaults) =>
        o.Keys.Count == 1 && (defaults.Any(d => d.Group == o.Keys[0].Split('@')[0]) ||
                              (o.Kind != OverrideKind.Set && IsGroup(o.Keys[0]) && o.Choices.All(c => c[0] is string or null)));

    private List<DefaultsEntry> ApplyGroupOverrides(IReadOnlyList<DefaultsEntry> defaults, IReadOnlyList<Override> overrides)
    {
        var result = defaults.ToList();
        foreach (var o in overrides.Where(o => o.Keys.Count == 1))
        {
            var key = o.Keys[0];
            var at = key.IndexOf('@');
            var group = at < 0 ? key : key[..at];
            var package = at < 0 ? null : key[(at + 1)..];
            var index = result.FindIndex(d => d.Group == group);
            var value = o.Choices.Count > 0 ? o.Choices[0][0] : null;
            if (index < 0 && !(o.Kind != OverrideKind.Set && IsGroup(group)))
            {
                continue;
            }
            if (value is not (string or null))
            {
                throw new ConfigException(o.Where, $"'{group}' is a config group: its value must be an option name ({string.Join(", ", Options(group))})");
            }
            switch (o.Kind)
            {
                case OverrideKind.Delete when index >= 0:
                    result.RemoveAt(index);
                    break;
                case OverrideKind.Delete:
                    throw new ConfigException(o.Where, $"group '{group}' is not in the defaults list");
                case OverrideKind.Add when index >= 0:
                    throw new ConfigException(o.Where, $"group '{group}' is already in the defaults list; use {group}={value} to change it");
                case OverrideKind.Add or OverrideKind.ForceAdd when index < 0:
                    result.Add(new DefaultsEntry(group, (string?)value, package, false, false, o.Where));
                    break;
                default:
                    result[index] = result[index] with { Option = (string?)value, Package = package ?? result[index].Package, Where = o.Where };
                    break;
            }
        }
        return result;
    }

    private static void ApplyValueOverride(ConfigMap root, Override o, Dictionary<string, SourceLocation> locations)
    {
        for (var i = 0; i < o.Keys.Count; i++)
        {
            var key = o.Keys[i];
            var value = o.Choices.Count > 0 ? ConfigMap.CloneValue(o.Choices[0][i]) : null;
            var exists = root.TryGet(key, out var current);
            switch (o.Kind)
            {
                case OverrideKind.Set when !exists:
                    throw new ConfigException(o.Where, $"no key '{key}' in the config to override; to add it use +{key}=…");
                case OverrideKind.Add when exists:
                    throw new ConfigException(o.Where, $"key '{key}' already exists; to change it use {key}=… (or ++{key}=…)");
                case OverrideKind.Delete when !exists:
                    throw new ConfigException(o.Where, $"no key '{key}' in the config to delete");
                case OverrideKind.Delete when o.Choices.Count > 0 && !Equals(ScalarText.Format(current), ScalarText.Format(value)):
                    throw new ConfigException(o.Where, $"key '{key}' is {ScalarText.Format(current)}, not {ScalarText.Format(value)}");
                case OverrideKind.Delete:
                    root.Remove(key, dotted: true);
                    locations.Remove(key);
                    break;
                default:
                    if (!root.TrySet(key, value))
                    {
                        throw new ConfigException(o.Where, $"cannot set '{key}': a parent of it is not a mapping");
                    }
                    locations[key] = o.Where;
                    break;
            }
        }
    }

    private static void AddLocations(Dictionary<string, SourceLocation> locations, YamlConfigFile file, string prefix)
    {
        foreach (var (path, where) in file.Locations)
        {
            locations[prefix.Length == 0 ? path : prefix + "." + path] = where;
        }
    }

    private YamlConfigFile Load(string path, SourceLocation? referencedFrom = null)
    {
        var full = Path.GetFullPath(path);
        if (_files.TryGetValue(full, out var cached))
        {
            return cached;
        }
        if (!File.Exists(full))
        {
            throw new ConfigException(referencedFrom, $"config file '{path}' does not exist");
        }
        var file = YamlConfigFile.Load(full);
        _files[full] = file;
        return file;
    }
}
