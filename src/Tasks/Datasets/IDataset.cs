namespace NmfGrid.Tasks.Datasets;

/// <summary>
/// A dataset on disk, read in its official layout: enumerate track ids, open a track (annotations load lazily),
/// and validate the whole layout up front so a sweep never fails halfway on a missing file.
/// </summary>
public interface IDataset
{
    /// <summary>Registry name (maps, musdb18, musdb18hq, rwcpop, salami, beatles).</summary>
    string Name { get; }

    /// <summary>The dataset's root folder.</summary>
    string Root { get; }

    /// <summary>Track ids in a stable (sorted) order.</summary>
    IReadOnlyList<string> TrackIds();

    /// <summary>The track with this id; throws <see cref="KeyNotFoundException"/> naming the id and the root if unknown.</summary>
    ITrack Track(string id);

    /// <summary>Every missing or corrupt file, parsing each annotation once. Empty when the layout is usable.</summary>
    IReadOnlyList<DatasetProblem> Validate();

    /// <summary>
    /// What is worth saying about the layout but is no problem (which MAPS sets were found, a MUSDB subset absent that
    /// the default does not need); `datasets check` and sweeps print these as notes.
    /// </summary>
    IReadOnlyList<string> Notes() => [];
}

// What a supervised method learns from, asked of the dataset as a capability (as tasks ask tracks for notes, stems or
// sections), never by its concrete type.

/// <summary>A dataset with stem tracks set apart for training (MUSDB18's train/): supervised separation learns its stem
/// dictionaries from them, and must not score them.</summary>
public interface IStemTrainingSet : IDataset
{
    /// <summary>The training tracks under the same root, whichever tracks are scored; empty when there are none.</summary>
    IReadOnlyList<IStemTrack> TrainingTracks();

    /// <summary>True when <paramref name="track"/> (one of this dataset's) is a training track.</summary>
    bool IsTraining(ITrack track);
}

/// <summary>A dataset with isolated-note recordings (MAPS ISOL/NO): supervised transcription learns a template per pitch
/// from them.</summary>
public interface IIsolatedNotes : IDataset
{
    /// <summary>The isolated notes of the sets read; empty when there are none.</summary>
    IReadOnlyList<MapsIsolatedNote> IsolatedNotes();

    /// <summary>The folders the isolated notes are looked for in, to name when there are none.</summary>
    IReadOnlyList<string> IsolatedNoteFolders();
}
