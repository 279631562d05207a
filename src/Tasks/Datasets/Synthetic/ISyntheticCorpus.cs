namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>A generator of a small dataset in a real dataset's layout, read back by that dataset's loader.</summary>
public interface ISyntheticCorpus
{
    /// <summary>Kind name for `nmfgrid datasets synth --kind` (maps, musdb18hq, rwcpop, salami, beatles).</summary>
    string Kind { get; }

    /// <summary>The registry name of the dataset whose loader reads what this writes.</summary>
    string Dataset { get; }

    /// <summary>Writes the corpus under <paramref name="root"/> (created if needed); the same options give the same bytes.</summary>
    void Write(string root, SynthesisOptions options);
}
