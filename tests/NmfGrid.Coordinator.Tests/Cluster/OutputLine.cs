namespace NmfGrid.Coordinator.Tests.Cluster;

/// <summary>One line a process started by a test wrote: when, which process (its tag), on stderr or stdout.</summary>
internal sealed record OutputLine(DateTime At, string Tag, bool Error, string Text)
{
    public override string ToString() => $"{At:HH:mm:ss.fff} {Tag}{(Error ? "!" : ":")} {Text}";
}
