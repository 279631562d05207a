namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// One instrument of a piece: the stem it belongs to, its MIDI channel (1–16; 10 is General MIDI percussion), its GM
/// program (0–127) and its notes.
/// </summary>
public sealed record Part(string Name, Stem Stem, int Channel, int Program, IReadOnlyList<PlayedNote> Notes)
{
    public const int DrumChannel = 10;

    public bool IsDrums => Channel == DrumChannel;
}
