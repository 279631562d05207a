namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// Composes pieces deterministically from a seed: a song form (intro, verses, choruses, a bridge, an outro; repeats varied),
/// one key (major or natural minor) with a chord progression per section function, a melody of chord tones and scale
/// steps, a bass line and General MIDI drums, at 70–160 bpm (some pieces change tempo for the bridge or slow down at the
/// end), with section dynamics, accents and small timing offsets. <see cref="Band"/> writes four parts (drums, bass,
/// other = chords, vocals = melody); <see cref="Piano"/> one piano part (left-hand bass, chords, melody).
/// </summary>
public static class Composer
{
    public const int TicksPerQuarter = 480;
    private const int Eighth = TicksPerQuarter / 2;
    private const int BarTicks = 4 * TicksPerQuarter;

    private static readonly int[] Major = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] Minor = [0, 2, 3, 5, 7, 8, 10];

    /// <summary>Forms in section functions, with bars per section at full length.</summary>
    private static readonly (string Function, int Bars)[][] Forms =
    [
        [(SongForm.Intro, 4), (SongForm.Verse, 8), (SongForm.Chorus, 8), (SongForm.Verse, 8), (SongForm.Chorus, 8), (SongForm.Bridge, 8), (SongForm.Chorus, 8), (SongForm.Outro, 4)],
        [(SongForm.Intro, 2), (SongForm.Verse, 8), (SongForm.Verse, 8), (SongForm.Chorus, 8), (SongForm.Verse, 8), (SongForm.Chorus, 8), (SongForm.Outro, 4)],
        [(SongForm.Intro, 4), (SongForm.Verse, 8), (SongForm.Chorus, 8), (SongForm.Bridge, 4), (SongForm.Verse, 8), (SongForm.Chorus, 8), (SongForm.Outro, 2)],
        [(SongForm.Verse, 8), (SongForm.Chorus, 8), (SongForm.Verse, 8), (SongForm.Chorus, 8), (SongForm.Bridge, 8), (SongForm.Chorus, 8), (SongForm.Outro, 4)],
    ];

    /// <summary>Progressions as scale degrees (0 = tonic), one chord per bar.</summary>
    private static readonly int[][] MajorProgressions = [[0, 4, 5, 3], [0, 5, 3, 4], [5, 3, 0, 4], [0, 3, 4, 4], [0, 3, 0, 4], [1, 4, 0, 0], [3, 4, 2, 5], [0, 2, 3, 4]];
    private static readonly int[][] MinorProgressions = [[0, 5, 2, 6], [0, 3, 4, 0], [0, 6, 5, 6], [0, 5, 3, 4], [3, 0, 6, 6], [0, 3, 6, 2]];

    /// <summary>Melody rhythms of one bar: (onset, length) in eighths.</summary>
    private static readonly (int At, int Length)[][] Rhythms =
    [
        [(0, 2), (2, 1), (3, 1), (4, 2), (6, 2)],
        [(0, 3), (3, 1), (4, 4)],
        [(0, 1), (1, 1), (2, 2), (4, 1), (5, 1), (6, 2)],
        [(1, 1), (2, 2), (4, 2), (6, 1), (7, 1)],
        [(0, 4), (4, 2), (6, 2)],
        [(0, 2), (2, 2), (4, 3)],
    ];

    private static readonly Dictionary<string, int> Loudness = new()
    {
        [SongForm.Intro] = 62, [SongForm.Verse] = 76, [SongForm.Chorus] = 94, [SongForm.Bridge] = 70, [SongForm.Outro] = 64,
    };

    /// <summary>A band piece of about <paramref name="duration"/> seconds (whole sections, at least three).</summary>
    public static Piece Band(string title, int seed, double duration)
    {
        var plan = PlanPiece(new Random(seed), duration);
        var random = new Random(unchecked(seed * 7919 + 1));
        var programs = (Other: Pick(random, InstrumentPools.Other), Bass: Pick(random, InstrumentPools.Bass), Vocals: Pick(random, InstrumentPools.Vocals));
        var parts = new List<Part>
        {
            new("drums", Stem.Drums, Part.DrumChannel, 0, Clean(Drums(plan, random))),
            new("bass", Stem.Bass, 2, programs.Bass, Clean(Bass(plan, random, 28))),
            new("chords", Stem.Other, 1, programs.Other, Clean(Chords(plan, random, 54))),
            new("melody", Stem.Vocals, 3, programs.Vocals, Clean(Melody(plan, seed, random, 60))),
        };
        return plan.ToPiece(title, parts);
    }

    /// <summary>A solo piano piece: left-hand bass line, chords and melody on one GM piano program (0–7).</summary>
    public static Piece Piano(string title, int seed, double duration, int program)
    {
        var plan = PlanPiece(new Random(seed), duration);
        var random = new Random(unchecked(seed * 7919 + 2));
        var notes = Bass(plan, random, 36).Concat(Chords(plan, random, 55)).Concat(Melody(plan, seed, random, 67)).ToList();
        return plan.ToPiece(title, [new Part("piano", Stem.Other, 1, program, Clean(notes))]);
    }

    private sealed record SectionPlan(string Function, long Start, int Bars, int Occurrence, Material Material)
    {
        public long End => Start + (long)Bars * BarTicks;
    }

    private sealed record Material(int[] Progression, int[] RhythmChoice, int Groove, int BassStyle, int CompStyle, int MelodySeed);

    private sealed record Plan(int Tonic, int[] Scale, IReadOnlyList<TempoChange> Tempi, IReadOnlyList<SectionPlan> Sections)
    {
        public long End => Sections[^1].End;

        /// <summary>The chord (scale degree) sounding in bar <paramref name="bar"/> of a section.</summary>
        public static int Chord(SectionPlan s, int bar) => s.Material.Progression[bar % s.Material.Progression.Length];

        /// <summary>Pitch of a scale index (0 = the tonic at or above <paramref name="floor"/>; negative indices go down).</summary>
        public int Pitch(int floor, int index)
        {
            var octave = (int)Math.Floor(index / 7.0);
            var tonic = floor + ((Tonic - floor) % 12 + 12) % 12;
            return tonic + 12 * octave + Scale[index - 7 * octave];
        }

        public Piece ToPiece(string title, IReadOnlyList<Part> parts) =>
            new(title, new TempoMap(TicksPerQuarter, Tempi), 4, TicksPerQuarter,
                Sections.Select(s => new SectionMark(s.Start, s.Occurrence == 0 ? s.Function : $"{s.Function} {s.Occurrence + 1}")).ToArray(),
                End, parts.Select(p => p with { Notes = p.Notes.Where(n => n.Tick < End).Select(n => n.EndTick > End ? n with { Length = End - n.Tick } : n).ToArray() }).ToArray());
    }

    private static Plan PlanPiece(Random random, double duration)
    {
        var bpm = random.Next(70, 161);
        var minor = random.NextDouble() < 0.35;
        var tonic = random.Next(12);
        var form = Forms[random.Next(Forms.Length)];
        var barSeconds = 4 * 60.0 / bpm;
        // The largest scale of the form that fits; below the smallest, sections are dropped from the end (three at least).
        (string Function, int Bars)[] chosen = [];
        foreach (var scale in new[] { 2.0, 1.0, 0.5, 0.25 })
        {
            chosen = form.Select(f => (f.Function, Math.Max(1, (int)Math.Round(f.Bars * scale)))).ToArray();
            if (chosen.Sum(f => f.Item2) * barSeconds <= duration) break;
        }
        var kept = chosen.ToList();
        while (kept.Count > 3 && kept.Sum(f => f.Bars) * barSeconds > duration) kept.RemoveAt(kept.Count - 1);

        var progressions = minor ? MinorProgressions : MajorProgressions;
        var materials = new Dictionary<string, Material>();
        foreach (var function in new[] { SongForm.Verse, SongForm.Chorus, SongForm.Bridge, SongForm.Intro, SongForm.Outro })
        {
            var progression = progressions[random.Next(progressions.Length)];
            // The chorus never borrows the verse's chords; intro and outro play them.
            if (function == SongForm.Chorus && progression == materials[SongForm.Verse].Progression)
                progression = progressions[(Array.IndexOf(progressions, progression) + 1) % progressions.Length];
            if (function is SongForm.Intro or SongForm.Outro) progression = materials[SongForm.Verse].Progression;
            materials[function] = new Material(progression, Enumerable.Range(0, 8).Select(_ => random.Next(Rhythms.Length)).ToArray(),
                function == SongForm.Bridge ? 3 : random.Next(3), random.Next(4), random.Next(4), random.Next());
        }

        var sections = new List<SectionPlan>();
        var counts = new Dictionary<string, int>();
        long tick = 0;
        foreach (var (function, bars) in kept)
        {
            counts[function] = counts.GetValueOrDefault(function) + 1;
            sections.Add(new SectionPlan(function, tick, bars, counts[function] - 1, materials[function]));
            tick += (long)bars * BarTicks;
        }

        var tempi = new List<TempoChange> { TempoChange.FromBpm(0, bpm) };
        var bridge = sections.FirstOrDefault(s => s.Function == SongForm.Bridge);
        if (bridge is not null && random.NextDouble() < 0.4)
        {
            tempi.Add(TempoChange.FromBpm(bridge.Start, bpm * (random.NextDouble() < 0.5 ? 0.88 : 1.08)));
            if (bridge.End < tick) tempi.Add(TempoChange.FromBpm(bridge.End, bpm));
        }
        if (random.NextDouble() < 0.5)
        {
            // A ritardando over the last bar: each beat 6 % slower than the one before.
            for (var beat = 1; beat <= 4; beat++)
                tempi.Add(TempoChange.FromBpm(tick - BarTicks + (beat - 1) * TicksPerQuarter, bpm * Math.Pow(0.94, beat)));
        }
        return new Plan(tonic, minor ? Minor : Major, tempi, sections);
    }

    private static int Pick(Random random, IReadOnlyList<int> pool) => pool[random.Next(pool.Count)];

    /// <summary>A timing offset ~ N(0, σ) ticks, cut at ±3σ (expressive timing; 480 ticks a beat).</summary>
    private static long Jitter(Random random, double sigma)
    {
        var u = 1 - random.NextDouble();
        var g = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (long)Math.Round(Math.Clamp(g, -3, 3) * sigma);
    }

    private static int Velocity(Random random, SectionPlan s, int bar, int accent) =>
        Math.Clamp(Loudness[s.Function] + accent + 6 * bar / Math.Max(1, s.Bars) + random.Next(-6, 7), 20, 127);

    private static PlayedNote Played(Random random, long tick, long length, int pitch, int velocity, double sigma) =>
        new(Math.Max(0, tick + Jitter(random, sigma)), Math.Max(30, length + Jitter(random, sigma)), pitch, velocity);

    private static IEnumerable<PlayedNote> Drums(Plan plan, Random random)
    {
        const int Kick = 36, Snare = 38, ClosedHat = 42, OpenHat = 46, Crash = 49, Ride = 51, LowTom = 45, HighTom = 50;
        for (var i = 0; i < plan.Sections.Count; i++)
        {
            var s = plan.Sections[i];
            var nextIsChorus = i + 1 < plan.Sections.Count && plan.Sections[i + 1].Function == SongForm.Chorus;
            if (s.Function != SongForm.Intro || s.Start > 0)
                yield return Played(random, s.Start, Eighth, Crash, Velocity(random, s, 0, 16), 3);
            for (var bar = 0; bar < s.Bars; bar++)
            {
                var start = s.Start + (long)bar * BarTicks;
                var fill = bar == s.Bars - 1 && nextIsChorus;
                for (var e = 0; e < 8; e++)
                {
                    var t = start + e * Eighth;
                    if (fill && e >= 6)
                    {
                        foreach (var k in new[] { 0, 1 })
                            yield return Played(random, t + k * Eighth / 2, Eighth / 2 - 10, k == 0 ? HighTom : LowTom, Velocity(random, s, bar, 10), 4);
                        continue;
                    }
                    if (s.Function == SongForm.Intro)
                    {
                        yield return Played(random, t, Eighth / 2, ClosedHat, Velocity(random, s, bar, e % 2 == 0 ? 0 : -14), 5);
                        if (e == 0) yield return Played(random, t, Eighth, Kick, Velocity(random, s, bar, 4), 3);
                        continue;
                    }
                    var kick = s.Material.Groove switch
                    {
                        0 => e is 0 or 4 or 5,
                        1 => e % 2 == 0,
                        2 => e is 0 or 3 or 5,
                        _ => e == 0,
                    };
                    var snare = s.Material.Groove == 3 ? e == 4 : e is 2 or 6;
                    if (kick) yield return Played(random, t, Eighth, Kick, Velocity(random, s, bar, 12), 3);
                    if (snare) yield return Played(random, t, Eighth, Snare, Velocity(random, s, bar, 10), 4);
                    if (s.Function == SongForm.Chorus || s.Material.Groove == 3)
                    {
                        if (e % 2 == 0) yield return Played(random, t, Eighth, Ride, Velocity(random, s, bar, e == 0 ? 0 : -10), 4);
                    }
                    else if (s.Material.Groove == 1 && e % 2 == 1)
                        yield return Played(random, t, Eighth / 2, OpenHat, Velocity(random, s, bar, -6), 4);
                    else
                        yield return Played(random, t, Eighth / 2, ClosedHat, Velocity(random, s, bar, e % 2 == 0 ? -4 : -18), 5);
                }
            }
        }
    }

    private static IEnumerable<PlayedNote> Bass(Plan plan, Random random, int floor)
    {
        foreach (var s in plan.Sections)
        for (var bar = 0; bar < s.Bars; bar++)
        {
            var start = s.Start + (long)bar * BarTicks;
            var chord = Plan.Chord(s, bar);
            var root = plan.Pitch(floor, chord);
            var fifth = plan.Pitch(floor, chord + 4);
            var last = s == plan.Sections[^1] && bar == s.Bars - 1;
            var style = last || s.Function == SongForm.Intro ? 3 : s.Material.BassStyle;
            (int At, int Length, int Pitch)[] notes = style switch
            {
                0 => [(0, 2, root), (2, 2, root), (4, 2, fifth), (6, 2, root)],
                1 => Enumerable.Range(0, 8).Select(e => (e, 1, e == 7 ? fifth : root)).ToArray(),
                2 => [(0, 3, root), (3, 1, root), (4, 2, fifth), (6, 2, root + 12)],
                _ => last ? [(0, 8, root)] : [(0, 4, root), (4, 4, fifth)],
            };
            foreach (var (at, length, pitch) in notes)
                yield return Played(random, start + at * Eighth, length * Eighth - 30, pitch, Velocity(random, s, bar, at == 0 ? 6 : 0), 6);
        }
    }

    private static IEnumerable<PlayedNote> Chords(Plan plan, Random random, int floor)
    {
        foreach (var s in plan.Sections)
        for (var bar = 0; bar < s.Bars; bar++)
        {
            var start = s.Start + (long)bar * BarTicks;
            var chord = Plan.Chord(s, bar);
            // Close voicing: each chord tone at its lowest pitch at or above the floor.
            var tones = new[] { chord, chord + 2, chord + 4 }.Select(i => floor + ((plan.Pitch(floor, i) - floor) % 12 + 12) % 12).Order().ToArray();
            var last = s == plan.Sections[^1] && bar == s.Bars - 1;
            var style = last ? 0 : s.Material.CompStyle;
            switch (style)
            {
                case 0:
                    foreach (var (p, k) in tones.Select((p, k) => (p, k)))
                        yield return Played(random, start + 8 * k, BarTicks - 40, p, Velocity(random, s, bar, -8), 6);
                    break;
                case 1:
                    for (var beat = 0; beat < 4; beat++)
                    foreach (var (p, k) in tones.Select((p, k) => (p, k)))
                        yield return Played(random, start + beat * TicksPerQuarter + 10 * k, TicksPerQuarter - 60, p, Velocity(random, s, bar, beat == 0 ? 0 : -10), 5);
                    break;
                case 2:
                    int[] order = [tones[0], tones[1], tones[2], tones[0] + 12, tones[2], tones[1], tones[2], tones[0] + 12];
                    for (var e = 0; e < 8; e++)
                        yield return Played(random, start + e * Eighth, Eighth + 60, order[e], Velocity(random, s, bar, e == 0 ? 0 : -12), 6);
                    break;
                default:
                    for (var e = 1; e < 8; e += 2)
                    foreach (var p in tones)
                        yield return Played(random, start + e * Eighth, Eighth - 60, p, Velocity(random, s, bar, -10), 5);
                    break;
            }
        }
    }

    /// <summary>
    /// The melody: verses, choruses and the bridge sing; intro and outro rest. Each function draws its line once (a random
    /// walk on the scale, chord tones on beats 1 and 3), so repeats are the same tune; later occurrences change a few notes.
    /// </summary>
    private static IEnumerable<PlayedNote> Melody(Plan plan, int seed, Random random, int floor)
    {
        foreach (var s in plan.Sections)
        {
            if (s.Function is SongForm.Intro or SongForm.Outro) continue;
            var line = new Random(s.Material.MelodySeed);
            var variation = new Random(unchecked(s.Material.MelodySeed + 31 * s.Occurrence + seed));
            var index = 4;
            for (var bar = 0; bar < s.Bars; bar++)
            {
                var start = s.Start + (long)bar * BarTicks;
                var chord = Plan.Chord(s, bar);
                // The last bar of every 4-bar phrase holds a long note, so phrases breathe.
                var rhythm = bar % 4 == 3 ? [(0, 6)] : Rhythms[s.Material.RhythmChoice[bar % s.Material.RhythmChoice.Length]];
                foreach (var (at, length) in rhythm)
                {
                    if (at is 0 or 4)
                    {
                        var tones = new[] { chord, chord + 2, chord + 4, chord + 7, chord + 9 };
                        index = tones.MinBy(t => Math.Abs(t - index) + (line.NextDouble() < 0.3 ? 1 : 0));
                    }
                    else
                    {
                        index += line.Next(-2, 3);
                    }
                    index = Math.Clamp(index, 0, 11);
                    var sung = index;
                    if (s.Occurrence > 0 && variation.NextDouble() < 0.15) sung = Math.Clamp(index + (variation.NextDouble() < 0.5 ? -1 : 1), 0, 11);
                    var pitch = plan.Pitch(floor, sung);
                    yield return Played(random, start + at * Eighth, length * Eighth - 40, pitch, Velocity(random, s, bar, (pitch - floor) / 2 + (at == 0 ? 4 : 0)), 10);
                }
            }
        }
    }

    /// <summary>
    /// Sorts the notes and keeps MIDI unambiguous: a note of the same pitch that starts while another sounds ends that one a
    /// tick earlier (or replaces it when both start together).
    /// </summary>
    private static IReadOnlyList<PlayedNote> Clean(IEnumerable<PlayedNote> notes)
    {
        var kept = new List<PlayedNote>();
        foreach (var byPitch in notes.GroupBy(n => n.Pitch))
        {
            PlayedNote? previous = null;
            foreach (var note in byPitch.OrderBy(n => n.Tick))
            {
                if (previous is not null && note.Tick < previous.EndTick + 1)
                {
                    kept.Remove(previous);
                    if (note.Tick - 1 - previous.Tick >= 30) kept.Add(previous with { Length = note.Tick - 1 - previous.Tick });
                }
                kept.Add(note);
                previous = note;
            }
        }
        return kept.OrderBy(n => n.Tick).ThenBy(n => n.Pitch).ToArray();
    }
}
