namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>
/// An additive-synthesis voice: harmonic amplitudes fall as 1/h^Rolloff, the envelope has a linear attack, an exponential
/// decay (time constant Decay) and a linear release after the note-off; optional vibrato and inharmonicity (piano strings).
/// </summary>
public sealed record Timbre(
    int Harmonics, double Rolloff, double Attack, double Decay, double Release,
    double VibratoHz = 0, double VibratoCents = 0, double Inharmonicity = 0)
{
    public static readonly Timbre Piano = new(Harmonics: 10, Rolloff: 1.4, Attack: 0.004, Decay: 0.9, Release: 0.08, Inharmonicity: 2e-4);
    public static readonly Timbre Bass = new(Harmonics: 6, Rolloff: 1.8, Attack: 0.01, Decay: 1.2, Release: 0.05);
    public static readonly Timbre Pad = new(Harmonics: 8, Rolloff: 1.1, Attack: 0.08, Decay: 4.0, Release: 0.15);
    public static readonly Timbre Voice = new(Harmonics: 12, Rolloff: 0.9, Attack: 0.03, Decay: 3.0, Release: 0.08, VibratoHz: 5.5, VibratoCents: 25);
    public static readonly Timbre Pluck = new(Harmonics: 7, Rolloff: 1.6, Attack: 0.003, Decay: 0.25, Release: 0.04);
    public static readonly Timbre Organ = new(Harmonics: 9, Rolloff: 0.7, Attack: 0.02, Decay: 8.0, Release: 0.05);
}
