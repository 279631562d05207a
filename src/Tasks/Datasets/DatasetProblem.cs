namespace NmfGrid.Tasks.Datasets;

/// <summary>One thing wrong with a dataset on disk: the file (or folder) at fault and what is wrong with it.</summary>
public sealed record DatasetProblem(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}
