using System.Reflection;
using System.Runtime.Loader;
using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Tasks.Plugins;

/// <summary>
/// The load context of one plugin assembly. Every assembly the host can supply (NmfGrid.Compute, MathNet.Numerics,
/// the runtime) resolves to the host's copy, so the plugin's types implement the host's <see cref="INmfAlgorithm"/>
/// and take the host's Matrix&lt;T&gt;; only what the host lacks is read from the plugin's folder (its .deps.json
/// where there is one). Not collectible: a plugin stays loaded for the life of the process.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string _folder;
    private readonly AssemblyDependencyResolver? _dependencies;

    public PluginLoadContext(string assemblyPath) : base($"nmfgrid-plugin:{assemblyPath}", isCollectible: false)
    {
        _folder = Path.GetDirectoryName(assemblyPath)!;
        try
        {
            _dependencies = new AssemblyDependencyResolver(assemblyPath);
        }
        catch (InvalidOperationException)
        {
            // No usable .deps.json: dependencies are looked for next to the plugin.
        }
    }

    protected override Assembly? Load(AssemblyName name)
    {
        try
        {
            return Default.LoadFromAssemblyName(name);
        }
        catch (IOException)
        {
            // FileNotFoundException / FileLoadException: the host has no such assembly (or too old a version).
        }
        var file = _dependencies?.ResolveAssemblyToPath(name) ?? Path.Combine(_folder, name.Name + ".dll");
        return File.Exists(file) ? LoadFromAssemblyPath(file) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _dependencies?.ResolveUnmanagedDllToPath(unmanagedDllName) is { } file ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;
}
