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
