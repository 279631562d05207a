namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>Progress of a render: <paramref name="Done"/> of <paramref name="Total"/> items, the one just finished named.</summary>
public sealed record RenderStep(int Done, int Total, string Item);
