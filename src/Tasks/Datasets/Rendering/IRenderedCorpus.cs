namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>A corpus played by sampled instruments in a real dataset's layout, read back by that dataset's loader.</summary>
public interface IRenderedCorpus
{
    /// <summary>Kind name for `nmfgrid datasets render --kind`.</summary>
    string Kind { get; }

    /// <summary>The registry name of the dataset whose loader reads what this writes.</summary>
    string Dataset { get; }

    /// <summary>Renders the corpus under <paramref name="root"/>; each track's files appear together once complete.</summary>
    void Write(string root, RenderOptions options, IProgress<RenderStep>? progress = null);
}
