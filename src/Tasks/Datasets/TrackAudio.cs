using NmfGrid.Tasks.Audio;

namespace NmfGrid.Tasks.Datasets;

/// <summary>A track's audio through <see cref="AudioReader"/>, with the dataset's own conventions applied.</summary>
public static class TrackAudio
{
    /// <summary>
    /// The (mixture) audio; by default mono at the file's rate. A transcription track's <see cref="INoteTrack.Duration"/>
    /// (MAPS: the seed's 30 s) crops it unless the options give a duration.
    /// </summary>
    public static AudioSignal Read(ITrack track, AudioReadOptions? options = null)
    {
        options ??= AudioReadOptions.Default;
        if (track is INoteTrack { Duration: { } crop } && options.Duration is null) options = options with { Duration = crop };
        return AudioReader.Read(track.AudioPath, options);
    }

    /// <summary>One stem: its own WAV (MUSDB18-HQ) or its stream of the .stem.mp4 (MUSDB18).</summary>
    public static AudioSignal ReadStem(IStemTrack track, Stem stem, AudioReadOptions? options = null)
    {
        options ??= AudioReadOptions.Default;
        return AudioReader.Read(track.StemPaths[stem], options with { Stem = (int)stem });
    }

    /// <summary>
    /// Bars of a structure track (see <see cref="Bars.ForTrack"/>): song end = audio duration; the audio is decoded
    /// (mono, at <paramref name="sampleRate"/>) only when the track has no annotated downbeats.
    /// </summary>
    public static IReadOnlyList<Bar> Bars(IStructureTrack track, int sampleRate = 22050)
    {
        AudioSignal? signal = null;
        AudioSignal Load() => signal ??= AudioReader.Read(track.AudioPath, AudioReadOptions.Default with { SampleRate = sampleRate });
        var hasDownbeats = track.Beats is { Count: > 0 } beats && beats.Any(b => b.IsDownbeat);
        var songEnd = hasDownbeats && Path.GetExtension(track.AudioPath).Equals(".wav", StringComparison.OrdinalIgnoreCase)
            ? AudioFileCheck.WavDuration(track.AudioPath)
            : Load().DurationSeconds;
        return Datasets.Bars.ForTrack(track, songEnd, () => (Load().Mono(), Load().SampleRate));
    }
}
