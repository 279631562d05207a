namespace NmfGrid.Compute.Models;

/// <summary>The check every <see cref="IComponentModel{T}"/> makes on the components it is asked for.</summary>
internal static class ComponentList
{
    public static void Check(IReadOnlyList<int> components, int rank)
    {
        ArgumentNullException.ThrowIfNull(components);
        foreach (var k in components)
        {
            if (k < 0 || k >= rank)
                throw new ArgumentOutOfRangeException(nameof(components), k, $"Component {k} is outside 0..{rank - 1} (rank {rank}).");
        }
    }
}
