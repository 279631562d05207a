namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// The start of a section of a piece, as a MIDI Marker event: its tick and its label, a song-form function
/// (intro, verse, chorus, bridge, outro; see <see cref="SongForm"/>).
/// </summary>
public sealed record SectionMark(long Tick, string Label);
