namespace NmfGrid.Coordinator.Config;

/// <summary>
/// One mapping of a config tree, in file order. Values are nested ConfigMaps, lists (List&lt;object?&gt;),
/// or scalars: string, long, double, bool or null.
/// </summary>
public sealed class ConfigMap : OrderedDictionary<string, object?>
{
    public ConfigMap() : base(StringComparer.Ordinal)
    {
    }

    /// <summary>A deep copy, so composing one sweep point never changes another.</summary>
    public ConfigMap Clone()
    {
        var copy = new ConfigMap();
        foreach (var (key, value) in this)
        {
            copy[key] = CloneValue(value);
        }
        return copy;
    }

    internal static object? CloneValue(object? value) => value switch
    {
        ConfigMap map => map.Clone(),
        List<object?> list => list.Select(CloneValue).ToList(),
        _ => value,
    };

    /// <summary>The value at a dotted path such as "algorithm.rank", or false when a segment is missing.</summary>
    public bool TryGet(string path, out object? value)
    {
        object? node = this;
        foreach (var segment in path.Split('.'))
        {
            if (node is ConfigMap map && map.TryGetValue(segment, out var next))
            {
                node = next;
            }
            else
            {
                value = null;
                return false;
            }
        }
        value = node;
        return true;
    }

    /// <summary>Sets a dotted path, creating intermediate maps; false when a parent on the path is not a map.</summary>
    public bool TrySet(string path, object? value)
    {
        var segments = path.Split('.');
        var map = this;
        foreach (var segment in segments[..^1])
        {
            if (!map.TryGetValue(segment, out var next))
            {
                next = new ConfigMap();
                map[segment] = next;
            }
            if (next is not ConfigMap child)
            {
                return false;
            }
            map = child;
        }
        map[segments[^1]] = value;
        return true;
    }

    public bool Remove(string path, bool dotted)
    {
        if (!dotted)
        {
            return Remove(path);
        }
        var cut = path.LastIndexOf('.');
        if (cut < 0)
        {
            return Remove(path);
        }
        return TryGet(path[..cut], out var parent) && parent is ConfigMap map && map.Remove(path[(cut + 1)..]);
    }

    /// <summary>Merges <paramref name="other"/> into this map: maps merge key by key, anything else replaces.</summary>
    public void MergeFrom(ConfigMap other)
    {
        foreach (var (key, value) in other)
        {
            if (value is ConfigMap incoming && TryGetValue(key, out var existing) && existing is ConfigMap current)
            {
                current.MergeFrom(incoming);
            }
            else
            {
                this[key] = CloneValue(value);
            }
        }
    }

    /// <summary>Every leaf as (dotted path, value), depth first, in file order.</summary>
    public IEnumerable<(string Path, object? Value)> Leaves(string prefix = "")
    {
        foreach (var (key, value) in this)
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (value is ConfigMap map && map.Count > 0)
            {
                foreach (var leaf in map.Leaves(path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (path, value);
            }
        }
    }
}
