namespace NmfGrid.Tasks.Metrics;

/// <summary>All permutations of 0…n−1 in lexicographic order (the order of Python's itertools.permutations).</summary>
internal static class Permutations
{
    public static IEnumerable<int[]> Lexicographic(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        while (true)
        {
            yield return (int[])p.Clone();
            int i = n - 2;
            while (i >= 0 && p[i] >= p[i + 1]) i--;
            if (i < 0) yield break;
            int j = n - 1;
            while (p[j] <= p[i]) j--;
            (p[i], p[j]) = (p[j], p[i]);
            Array.Reverse(p, i + 1, n - i - 1);
        }
    }
}
