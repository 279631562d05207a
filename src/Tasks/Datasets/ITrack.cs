namespace NmfGrid.Tasks.Datasets;

/// <summary>A track of any dataset: its id and the audio file that holds its mixture. Annotations load lazily.</summary>
public interface ITrack
{
    string Id { get; }

    /// <summary>Path of the (mixture) audio file; resolved when asked for, not checked to exist.</summary>
    string AudioPath { get; }
}

/// <summary>A track annotated with notes (transcription).</summary>
public interface INoteTrack : ITrack
{
    IReadOnlyList<Note> Notes { get; }

    /// <summary>Seconds of audio to use; null for the whole file.</summary>
    double? Duration { get; }
}

/// <summary>A track with isolated stems (source separation).</summary>
public interface IStemTrack : ITrack
{
    /// <summary>Audio file per stem. For a multi-stream file (NI STEMS) every stem maps to the same path; see <see cref="Stem"/> for the stream index.</summary>
    IReadOnlyDictionary<Stem, string> StemPaths { get; }
}

/// <summary>A track annotated with sections (structure analysis), and beats where the dataset has them.</summary>
public interface IStructureTrack : ITrack
{
    /// <summary>The reference sections the structure task scores against.</summary>
    IReadOnlyList<Section> Sections { get; }

    /// <summary>Annotated beats with their position in the bar, or null when the dataset has none for this track.</summary>
    IReadOnlyList<Beat>? Beats { get; }
}

/// <summary>
/// A track that the seed's own dataloader framed with a fixed STFT hop and window instead of the configured ones: its
/// Beatles loader passes its arguments by position and runs with hop 96, n_fft 32 (reference: seed-quirks.md). The
/// structure task's `seed` preset takes these as its defaults for such a track, to reproduce the seed.
/// </summary>
public interface ISeedFraming : ITrack
{
    /// <summary>The hop, in samples, the seed's loader used for this track.</summary>
    int SeedHop { get; }

    /// <summary>The n_fft the seed's loader used for this track.</summary>
    int SeedNFft { get; }
}
