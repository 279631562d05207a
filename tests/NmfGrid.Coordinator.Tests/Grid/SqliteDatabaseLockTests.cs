using System.CommandLine;
using System.Diagnostics;
using NmfGrid.Coordinator.Persistence;

namespace NmfGrid.Coordinator.Tests.Grid;

/// <summary>
/// The one-writer lock on a SQLite event log, within this process (a second claim on the same file conflicts here
/// too: the lock belongs to the open file, not to the process). Between processes: DatabaseInUseTests.
/// </summary>
public sealed class SqliteDatabaseLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nmfgrid-lock-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Database => Path.Combine(_directory, "outputs", "nmfgrid.db");

    [Fact]
    public void A_second_claim_fails_naming_the_file_the_holder_and_the_key()
    {
        using var first = SqliteDatabaseLock.Claim(Database, "run.database");
        Assert.True(File.Exists(Database + ".lock"));
        Assert.Equal(Environment.ProcessId.ToString(), File.ReadAllText(Database + ".pid").Trim());

        var e = Assert.Throws<GridDatabaseException>(() => SqliteDatabaseLock.Claim(Database, "run.database"));
        Assert.Equal($"run.database: {Database} is in use by another nmfgrid process (pid {Environment.ProcessId}); " +
                     "wait for it or give another run.database", e.Message);
        Assert.Null(SqliteDatabaseLock.TryClaim(Database, out var holder));
        Assert.Equal(Environment.ProcessId, holder);
        Assert.False(File.Exists(Database), "a refused claim must not create the database");
    }

    [Fact]
    public void A_released_claim_can_be_taken_again_and_leaves_only_the_lock_file()
    {
        SqliteDatabaseLock.Claim(Database, "run.database").Dispose();
        Assert.False(File.Exists(Database + ".pid"));
        using var again = SqliteDatabaseLock.Claim(Database, "run.database");
        Assert.True(File.Exists(Database + ".lock"));
    }

    [Fact]
    public async Task The_files_a_killed_holder_leaves_behind_neither_lock_the_database_nor_name_the_dead_process()
    {
        // What SIGKILL leaves: the lock file and the .pid file of a process that no longer exists.
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        await gone.WaitForExitAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(Database)!);
        File.WriteAllText(Database + ".lock", "");
        File.WriteAllText(Database + ".pid", $"{gone.Id}\n");

        using (var claim = SqliteDatabaseLock.Claim(Database, "--database"))
        {
            Assert.Equal(Environment.ProcessId.ToString(), File.ReadAllText(Database + ".pid").Trim());
        }

        // Held, with a stale .pid file: the message names nobody rather than the wrong process.
        using var held = SqliteDatabaseLock.Claim(Database, "--database");
        File.WriteAllText(Database + ".pid", $"{gone.Id}\n");
        var e = Assert.Throws<GridDatabaseException>(() => SqliteDatabaseLock.Claim(Database, "--database"));
        Assert.Equal($"--database: {Database} is in use by another nmfgrid process; wait for it or give another --database", e.Message);
    }

    [Fact]
    public async Task A_coordinator_on_a_held_SQLite_file_stops_with_exit_code_2_before_joining_any_cluster()
    {
        using var held = SqliteDatabaseLock.Claim(Database, "run.database");
        var error = new StringWriter();
        var code = await Program.Build()
            .Parse(["coordinator", "--database", Database, "--host", "127.0.0.1", "--port", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error })
            .WaitAsync(TimeSpan.FromMinutes(2)); // a coordinator that started would run until stopped

        Assert.Equal(2, code);
        Assert.Equal($"coordinator: --database: {Database} is in use by another nmfgrid process (pid {Environment.ProcessId}); " +
                     "wait for it or give another --database", error.ToString().Trim());
        Assert.False(File.Exists(Database));
    }
}
