namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>
/// A generator of a small dataset in a real dataset's layout, read back by that dataset's loader. It lives in its
/// dataset's file and is registered with it (<see cref="DatasetRegistry"/>).
/// </summary>
public interface ISyntheticCorpus
{
    /// <summary>The registry name of the dataset whose loader reads what this writes.</summary>
    string Dataset { get; }

    /// <summary>Kind name for `nmfgrid datasets synth --kind`: the dataset's name.</summary>
    string Kind => Dataset;

    /// <summary>Writes the corpus under <paramref name="root"/> (created if needed); the same options give the same bytes.</summary>
    void Write(string root, SynthesisOptions options);
}
