namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>
/// Renders a <see cref="SongPlan"/> as four stems (drums, bass, other = chords, vocals = melody). Each section label gets
/// its own material (chord roots, melody, drum pattern, lead timbre) drawn from a generator seeded by the song and the label,
/// so repeated labels repeat the same music and different labels differ in harmony, rhythm and timbre.
/// </summary>
public static class SongRenderer
{
    private static readonly int[] MajorScale = [0, 2, 4, 5, 7, 9, 11];
    private static readonly Timbre[] LeadTimbres = [Timbre.Voice, Timbre.Organ, Timbre.Pluck];

    public static IReadOnlyDictionary<Stem, float[]> RenderStems(SongPlan plan, int sampleRate, int songSeed)
    {
        var length = (int)Math.Ceiling(plan.End * sampleRate);
        var stems = new Dictionary<Stem, float[]>
        {
            [Stem.Drums] = new float[length], [Stem.Bass] = new float[length],
            [Stem.Other] = new float[length], [Stem.Vocals] = new float[length],
        };
        var key = 48 + new Random(songSeed).Next(0, 7);
        foreach (var section in plan.MusicalSections)
        {
            var material = new Random(unchecked(songSeed * 31 + section.Label[0]));
            var roots = Enumerable.Range(0, section.BarCount).Select(_ => MajorScale[material.Next(MajorScale.Length)]).ToArray();
            var kickPattern = material.Next(3);
            var lead = LeadTimbres[material.Next(LeadTimbres.Length)];
            var melody = Enumerable.Range(0, section.BarCount * 8).Select(_ => material.Next(-1, MajorScale.Length + 3)).ToArray();
            var noise = new Random(unchecked(songSeed * 17 + section.Label[0]));
            for (var b = 0; b < section.BarCount; b++)
            {
                var barStart = section.Start + b * plan.BarDuration;
                var root = key + roots[b];
                HarmonicTone.Add(stems[Stem.Bass], sampleRate, barStart, barStart + plan.BarDuration * 0.95, root - 12, 0.5, Timbre.Bass);
                foreach (var interval in new[] { 0, 4, 7 })
                    HarmonicTone.Add(stems[Stem.Other], sampleRate, barStart, barStart + plan.BarDuration * 0.9, root + 12 + interval, 0.15, Timbre.Pad);
                for (var beat = 0; beat < SongPlan.BeatsPerBar; beat++)
                {
                    var t = barStart + beat * plan.BeatPeriod;
                    if (beat == 0 || (kickPattern == 1 && beat == 2) || (kickPattern == 2 && beat % 2 == 0)) NoiseDrum.Kick(stems[Stem.Drums], sampleRate, t, 0.8);
                    if (beat % 2 == 1) NoiseDrum.Snare(stems[Stem.Drums], sampleRate, t, 0.4, noise);
                    NoiseDrum.HiHat(stems[Stem.Drums], sampleRate, t, 0.3, noise);
                    NoiseDrum.HiHat(stems[Stem.Drums], sampleRate, t + plan.BeatPeriod / 2, 0.2, noise);
                }
                for (var e = 0; e < 8; e++)
                {
                    var degree = melody[b * 8 + e];
                    if (degree < 0) continue; // a rest
                    var pitch = key + 24 + MajorScale[degree % MajorScale.Length] + 12 * (degree / MajorScale.Length);
                    var t = barStart + e * plan.BeatPeriod / 2;
                    HarmonicTone.Add(stems[Stem.Vocals], sampleRate, t, t + plan.BeatPeriod / 2 * 0.9, pitch, 0.3, lead);
                }
            }
        }
        return stems;
    }

    /// <summary>The sum of the stems.</summary>
    public static float[] Mix(IReadOnlyDictionary<Stem, float[]> stems)
    {
        var mix = new float[stems.Values.First().Length];
        foreach (var stem in stems.Values)
            for (var i = 0; i < mix.Length; i++) mix[i] += stem[i];
        return mix;
    }
}
