using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NmfGrid.Coordinator.Config;

/// <summary>One YAML config file read into a tree, with the line of every key for error messages.</summary>
public sealed record YamlConfigFile(string Path, ConfigMap Root, IReadOnlyDictionary<string, SourceLocation> Locations)
{
    public static YamlConfigFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException(null, $"config file '{path}' does not exist");
        }
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ConfigException(new SourceLocation(path, (int)e.End.Line), $"malformed YAML: {Explain(e)}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way, without a position, on some unclosed flow collections ("b: [1, 2" then "c: 3").
            throw new ConfigException(new SourceLocation(path), $"malformed YAML ({e.Message}): look for an unclosed '[', '{{' or quote");
        }
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new YamlConfigFile(path, new ConfigMap(), locations);
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException(new SourceLocation(path, (int)stream.Documents[0].RootNode.Start.Line),
                "a config file must be a mapping of keys to values");
        }
        return new YamlConfigFile(path, ReadMap(path, root, "", locations), locations);
    }

    /// <summary>
    /// The parser's message, with what it leaves implicit. The line reported is End's: where the scanner found the
    /// problem (a tab on line 2), not Start's, the value it was reading when it did (on line 1).
    /// </summary>
    private static string Explain(YamlException e)
    {
        var message = e.Message;
        if (message.Contains("tab character", StringComparison.Ordinal))
        {
            message += " YAML indents with spaces only: replace the tab.";
        }
        if (e.Start.Line != e.End.Line)
        {
            message += $" (in the value that starts on line {e.Start.Line})";
        }
        return message;
    }

    private static ConfigMap ReadMap(string file, YamlMappingNode node, string prefix, Dictionary<string, SourceLocation> locations)
    {
        var map = new ConfigMap();
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var where = new SourceLocation(file, (int)keyNode.Start.Line);
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                throw new ConfigException(where, "keys must be plain strings");
            }
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (map.ContainsKey(key))
            {
                throw new ConfigException(where, $"duplicate key '{path}'");
            }
            locations[path] = where;
            map[key] = ReadValue(file, valueNode, path, locations);
        }
        return map;
    }

    private static object? ReadValue(string file, YamlNode node, string path, Dictionary<string, SourceLocation> locations) => node switch
    {
        YamlMappingNode m => ReadMap(file, m, path, locations),
        YamlSequenceNode s => s.Children.Select((child, i) => ReadValue(file, child, $"{path}[{i}]", locations)).ToList(),
        YamlScalarNode { Style: ScalarStyle.Plain } p => ScalarText.Parse(p.Value ?? ""),
        YamlScalarNode q => q.Value ?? "",
        _ => throw new ConfigException(new SourceLocation(file, (int)node.Start.Line), $"unsupported YAML node at '{path}'"),
    };
}
