using NmfGrid.Coordinator.Commands;
using NmfGrid.Messages;

namespace NmfGrid.Coordinator.Tests.Commands;

/// <summary>`nmfgrid status`'s table of sweeps: columns line up whatever the length of a task or dataset name.</summary>
public sealed class StatusTableTests
{
    private static SweepStatus Sweep(string id, string task, string dataset, int done) =>
        new(id, $"bench {id}", task, dataset, new SweepProgress(id, 10, done, 1, 0, 10 - done - 1, new Dictionary<string, int>()));

    [Fact]
    public void Columns_line_up_when_a_task_or_dataset_name_is_longer_than_its_header()
    {
        var output = new StringWriter();

        StatusCommand.WriteSweeps(output,
        [
            Sweep("5e11a6c76a3dc51a", "separation+transcription+structure", "musdb18hq+maps+rwcpop", 6),
            Sweep("0123456789abcdef", "transcription", "maps", 10 - 1),
        ]);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(3, lines.Length);
        // Every column starts where its header does: the task names, the dataset names, and the counts' right edges.
        int task = lines[0].IndexOf("task", StringComparison.Ordinal);
        Assert.StartsWith("separation+transcription+structure  ", lines[1][task..]);
        Assert.StartsWith("transcription ", lines[2][task..]);
        int dataset = lines[0].IndexOf("dataset", StringComparison.Ordinal);
        Assert.Equal("musdb18hq+maps+rwcpop", lines[1][dataset..].Split(' ')[0]);
        Assert.Equal("maps", lines[2][dataset..].Split(' ')[0]);
        int doneEnd = lines[0].IndexOf("done", StringComparison.Ordinal) + 4;
        Assert.Equal('6', lines[1][doneEnd - 1]);
        Assert.Equal('9', lines[2][doneEnd - 1]);
        Assert.EndsWith("bench 0123456789abcdef", lines[2]);
    }
}
