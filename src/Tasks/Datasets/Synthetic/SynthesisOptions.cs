namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>What to synthesise: how many tracks, from which seed, how long each (null: the corpus default), at which rate (null: default).</summary>
public sealed record SynthesisOptions(int Tracks = 3, int Seed = 0, double? Duration = null, int? SampleRate = null)
{
    /// <summary>A generator per track, seeded from the corpus seed and the track index only: track i is the same whatever the track count.</summary>
    /// <summary>MAPS only: every note gets its own place in the stereo field (constant-power pan), so the two channels
    /// differ and multichannel transcription has gains to find. Off, the right channel is 0.95 × the left, as before.</summary>
    public bool Panned { get; init; }

    public Random TrackRandom(int index, int salt) => new(unchecked(Seed * 1_000_003 + index * 7_919 + salt * 104_729));

    public void Check()
    {
        if (Tracks < 1) throw new ArgumentOutOfRangeException(nameof(Tracks), Tracks, "At least one track.");
        if (Duration is { } d && !(d >= 2 && d <= 600))
            throw new ArgumentOutOfRangeException(nameof(Duration), d, "Duration must be between 2 and 600 seconds.");
        if (SampleRate is { } sr && sr is < 8000 or > 192000)
            throw new ArgumentOutOfRangeException(nameof(SampleRate), sr, "Sample rate must be between 8 kHz and 192 kHz.");
    }
}
