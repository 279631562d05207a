namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// Plays a piece through FluidSynth: each stem's parts from a MIDI file of their own (the conductor track, with the whole
/// tempo map, in every file), all stems cut or padded to the end of the music plus <see cref="RenderOptions.Tail"/>.
/// </summary>
public sealed class PieceRenderer(FluidSynth synth, string soundFont, int sampleRate = RenderOptions.SampleRate)
{
    public int SampleRate => sampleRate;

    /// <summary>Samples of the rendered audio: music end + tail.</summary>
    public int Length(Piece piece) => (int)Math.Round((piece.MusicEnd + RenderOptions.Tail) * sampleRate);

    /// <summary>Stereo audio of every stem in <paramref name="stems"/> (silence for a stem without parts).</summary>
    public Dictionary<Stem, float[][]> Stems(Piece piece, IEnumerable<Stem> stems, string work)
    {
        Directory.CreateDirectory(work);
        var length = Length(piece);
        var audio = new Dictionary<Stem, float[][]>();
        foreach (var stem in stems)
        {
            var parts = piece.Parts.Where(p => p.Stem == stem).ToArray();
            audio[stem] = parts.Length == 0 ? [new float[length], new float[length]] : Play(piece, parts, length, work, stem.ToString().ToLowerInvariant());
        }
        return audio;
    }

    /// <summary>All the piece's parts (drums too unless <paramref name="drums"/> is false) played together, scaled to the mixture peak of <see cref="StemMix"/>.</summary>
    public float[][] Whole(Piece piece, string work, bool drums = true)
    {
        var parts = piece.Parts.Where(p => drums || !p.IsDrums).ToArray();
        var audio = Play(piece, parts, Length(piece), work, "whole");
        return StemMix.Of(new Dictionary<Stem, float[][]> { [Stem.Mixture] = audio }).Mixture;
    }

    /// <summary>Stereo audio of the given parts together.</summary>
    public float[][] Play(Piece piece, IReadOnlyList<Part> parts, int length, string work, string name)
    {
        Directory.CreateDirectory(work);
        var midi = Path.Combine(work, name + ".mid");
        var wav = Path.Combine(work, name + ".wav");
        PieceMidi.Write(piece, midi, parts);
        var signal = synth.Render(midi, soundFont, sampleRate, wav);
        File.Delete(midi);
        File.Delete(wav);
        if (signal.SampleRate != sampleRate) throw new RenderException($"{synth.Program} wrote {signal.SampleRate} Hz instead of {sampleRate} Hz for '{piece.Title}'.");
        var channels = signal.ChannelCount == 1 ? [signal.Channels[0], signal.Channels[0]] : signal.Channels.Take(2).ToArray();
        return channels.Select(c =>
        {
            var fitted = new float[length];
            Array.Copy(c, fitted, Math.Min(length, c.Length));
            return fitted;
        }).ToArray();
    }
}
