namespace NmfGrid.Coordinator;

/// <summary>A count with its noun in the right number: "1 problem", "2 problems", "0 jobs" (regular nouns only).</summary>
internal static class Plural
{
    public static string Count(long count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
