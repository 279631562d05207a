namespace NmfGrid.Tasks.Datasets;

/// <summary>The MUSDB18 stems, in the NI STEMS stream order (0 mixture, 1 drums, 2 bass, 3 other, 4 vocals).</summary>
public enum Stem
{
    Mixture = 0,
    Drums = 1,
    Bass = 2,
    Other = 3,
    Vocals = 4,
}
