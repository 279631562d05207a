using System.Diagnostics;
using NmfGrid.Coordinator.Tests.Deploy;

namespace NmfGrid.Coordinator.Tests.Chaos;

/// <summary>
/// A PostgreSQL server of the test's own (deploy/postgres-instance.sh in a temporary folder), never the shared one
/// of NMFGRID_TEST_POSTGRES: the chaos driver stops and starts it. Disposing stops it and deletes its data.
/// </summary>
internal sealed class PostgresInstance : IDisposable
{
    private static string Script => Path.Combine(DeployFiles.Root, "postgres-instance.sh");

    private readonly string _folder;

    private PostgresInstance(string folder, string connectionString)
    {
        _folder = folder;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>True when this machine can run one (a PostgreSQL server package is installed).</summary>
    public static bool Available => Directory.Exists("/usr/lib/postgresql") && Directory.GetFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Length > 0;

    public static async Task<PostgresInstance> Start()
    {
        // A fresh folder of /tmp (not under the test's own), so the server's user can reach it when the tests run as root.
        var folder = Directory.CreateTempSubdirectory("nmfgrid-chaos-pg-").FullName;
        return new PostgresInstance(folder, (await Run("start", folder)).Trim());
    }

    /// <summary>Stops the server at once, as a crash would (immediate shutdown); its data stays.</summary>
    public Task Halt() => Run("halt", _folder);

    /// <summary>Starts the halted server again on its port.</summary>
    public Task Restart() => Run("restart", _folder);

    public void Dispose() => Run("stop", _folder).GetAwaiter().GetResult();

    private static async Task<string> Run(string verb, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Script, verb, folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"postgres-instance.sh {verb} {folder} exited {process.ExitCode}: {await error}");
        return await output;
    }
}
