namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>A planted song for the structure corpora: its index in the corpus, its plan, and the seed of its material.</summary>
public sealed record StructureSong(int Index, SongPlan Plan, int Seed)
{
    /// <summary>Structure corpora default to 20 s at 22.05 kHz mono, so a demo sweep stays quick.</summary>
    public const double DefaultDuration = 20;

    public const int DefaultSampleRate = 22050;

    /// <summary>One plan per track; <paramref name="salt"/> keeps the corpora different for the same seed.</summary>
    public static IReadOnlyList<StructureSong> Corpus(SynthesisOptions options, int salt)
    {
        options.Check();
        var duration = options.Duration ?? DefaultDuration;
        return Enumerable.Range(0, options.Tracks).Select(i =>
        {
            var random = options.TrackRandom(i, salt);
            return new StructureSong(i, SongPlan.Create(random, duration), random.Next());
        }).ToArray();
    }

    /// <summary>The song as one mono signal, peak 0.8.</summary>
    public float[] RenderMono(int sampleRate)
    {
        var mix = SongRenderer.Mix(SongRenderer.RenderStems(Plan, sampleRate, Seed));
        PcmWav.Normalise(mix, 0.8, mix);
        return mix;
    }
}
