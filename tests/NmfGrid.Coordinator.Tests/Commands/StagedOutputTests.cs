using NmfGrid.Coordinator.Reports;
using NmfGrid.Coordinator.Commands;

namespace NmfGrid.Coordinator.Tests.Commands;

public sealed class StagedOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmfgrid-staged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void All_files_appear_together_under_their_names()
    {
        var written = StagedOutput.Commit(_dir, [("a.txt", p => File.WriteAllText(p, "a")), ("b.txt", p => File.WriteAllText(p, "b"))],
                                          CancellationToken.None);

        Assert.Equal([Path.Combine(_dir, "a.txt"), Path.Combine(_dir, "b.txt")], written);
        Assert.Equal("b", File.ReadAllText(Path.Combine(_dir, "b.txt")));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void A_failing_writer_leaves_the_previous_results_and_no_partial_files()
    {
        File.WriteAllText(Path.Combine(_dir, "a.txt"), "old");

        Assert.Throws<IOException>(() => StagedOutput.Commit(_dir,
            [("a.txt", p => File.WriteAllText(p, "new")), ("b.txt", _ => throw new IOException("disk full"))], CancellationToken.None));

        Assert.Equal("old", File.ReadAllText(Path.Combine(_dir, "a.txt")));
        Assert.Equal([Path.Combine(_dir, "a.txt")], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Cancellation_before_the_rename_writes_nothing()
    {
        using var cancellation = new CancellationTokenSource();

        Assert.Throws<OperationCanceledException>(() => StagedOutput.Commit(_dir,
            [("a.txt", p => { File.WriteAllText(p, "a"); cancellation.Cancel(); })], cancellation.Token));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Engine_messages_lose_their_parameter_suffix_and_extra_lines()
    {
        var e = new ArgumentOutOfRangeException("options", 0, "Rank must be at least 1, got 0.");

        Assert.Equal("nmf: Rank must be at least 1, got 0.", NmfCommand.OneLine(e));
    }
}
