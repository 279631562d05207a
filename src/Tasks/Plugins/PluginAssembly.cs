using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Tasks.Plugins;

/// <summary>
/// A .NET assembly of NMF solvers written outside NmfGrid (`algorithm.assembly: MyModels.dll`): every public,
/// non-abstract <see cref="INmfAlgorithm"/> in it with a parameterless constructor, by its <see cref="INmfAlgorithm.Name"/>.
/// Loaded once per file content per process, each in its own <see cref="PluginLoadContext"/>; a rebuilt file
/// (another <see cref="Digest"/>) loads afresh. Like the built-ins, one instance serves every job, concurrently.
/// </summary>
public sealed record PluginAssembly(string Path, string Digest, IReadOnlyDictionary<string, INmfAlgorithm> Algorithms)
{
    private static readonly ConcurrentDictionary<(string Path, string Digest), Lazy<PluginAssembly>> Loaded = new();

    /// <summary>The file's name, as messages give it.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The algorithm of that name (case-insensitive); the exception lists the names the assembly has.</summary>
    public INmfAlgorithm Get(string name) =>
        Algorithms.TryGetValue(name, out var algorithm)
            ? algorithm
            : throw new ArgumentException($"'{name}' is not in {FileName}, which has: {string.Join(", ", Algorithms.Keys.Order(StringComparer.Ordinal))}");

    /// <summary>
    /// Loads (or finds already loaded) the assembly at <paramref name="path"/>, relative to the working directory
    /// unless absolute. Throws <see cref="ArgumentException"/> naming the file and the fault: no such file, not a
    /// .NET assembly, no algorithm in it, a name taken by a built-in or twice, a constructor that throws.
    /// </summary>
    public static PluginAssembly Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ArgumentException(Directory.Exists(full)
                ? $"'{path}' is a folder; name the plugin's .dll in it"
                : $"no file '{path}' (looked for {full}; a relative path is read from the working directory)");
        }
        var image = File.ReadAllBytes(full);
        var digest = Convert.ToHexStringLower(SHA256.HashData(image));
        return Loaded.GetOrAdd((full, digest), key => new Lazy<PluginAssembly>(() => Open(key.Path, key.Digest, image))).Value;
    }

    private static PluginAssembly Open(string path, string digest, byte[] image)
    {
        var file = System.IO.Path.GetFileName(path);
        var context = new PluginLoadContext(path);
        Assembly assembly;
        try
        {
            // From the bytes hashed, so the digest is the code that runs; the .pdb (if any) gives stack traces line numbers.
            var symbols = System.IO.Path.ChangeExtension(path, ".pdb");
            using var symbolStream = File.Exists(symbols) ? new MemoryStream(File.ReadAllBytes(symbols)) : null;
            assembly = context.LoadFromStream(new MemoryStream(image), symbolStream);
        }
        catch (BadImageFormatException)
        {
            throw new ArgumentException($"'{path}' is not a .NET assembly");
        }
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or TypeLoadException or IOException)
        {
            var cause = e is ReflectionTypeLoadException r ? r.LoaderExceptions.FirstOrDefault(x => x is not null) ?? e : e;
            throw new ArgumentException($"the types of {file} cannot be loaded: {cause.Message}");
        }
        var candidates = types.Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }).ToArray();
        var algorithms = new Dictionary<string, INmfAlgorithm>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in candidates.Where(typeof(INmfAlgorithm).IsAssignableFrom))
        {
            if (type.GetConstructor(Type.EmptyTypes) is not { } constructor)
                continue;
            INmfAlgorithm algorithm;
            try
            {
                algorithm = (INmfAlgorithm)constructor.Invoke(null);
            }
            catch (TargetInvocationException e) when (e.InnerException is { } inner)
            {
                throw new ArgumentException($"{file}: new {type.FullName}() threw {inner.GetType().Name}: {inner.Message}");
            }
            var name = Named(file, type, algorithm);
            if (AlgorithmRegistry.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException($"{file}: {type.FullName} is named '{name}', as a built-in algorithm; give it another Name");
            if (algorithms.TryGetValue(name, out var other))
                throw new ArgumentException($"{file}: {type.FullName} and {other.GetType().FullName} are both named '{name}'");
            algorithms[name] = algorithm;
        }
        if (algorithms.Count == 0)
            throw new ArgumentException($"{file} has no algorithm: no public, non-abstract class with a parameterless constructor implements " +
                                        $"{typeof(INmfAlgorithm).FullName}{Hint(candidates)}");
        return new PluginAssembly(path, digest, algorithms);
    }

    private static string Named(string file, Type type, INmfAlgorithm algorithm)
    {
        try
        {
            return algorithm.Name is { } name && !string.IsNullOrWhiteSpace(name)
                ? name
                : throw new ArgumentException($"{file}: {type.FullName}'s Name is empty");
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            throw new ArgumentException($"{file}: {type.FullName}.Name threw {e.GetType().Name}: {e.Message}");
        }
    }

    // Why nothing was found, where the assembly says something: a class built against another NmfGrid.Compute (its
    // INmfAlgorithm is not the host's), or one that lacks the parameterless constructor.
    private static string Hint(IEnumerable<Type> candidates)
    {
        foreach (var type in candidates)
        {
            if (type.GetInterfaces().Any(i => i.FullName == typeof(INmfAlgorithm).FullName && i != typeof(INmfAlgorithm)))
                return $" ({type.FullName} implements an INmfAlgorithm from another copy of NmfGrid.Compute than this nmfgrid's; build the plugin against this one)";
            if (typeof(INmfAlgorithm).IsAssignableFrom(type))
                return $" ({type.FullName} has no parameterless constructor)";
        }
        return "";
    }
}
