using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Reconstruction;

/// <summary>The `task:` section of the reconstruction task: which spectrogram of which part of the track.</summary>
public sealed record ReconstructionSettings(FeatureParameters Features, double Offset, double? Duration) : ITaskSettings
{
    private static readonly string[] Known = ["name", "preset", "feature", "sample_rate", "n_fft", "hop", "n_mels", "offset", "duration"];

    public ConfigSection Section { get; init; } = ConfigSection.Empty("task");

    public AudioReadOptions Read => new() { SampleRate = Features.SampleRate, Offset = Offset, Duration = Duration };

    public static ReconstructionSettings From(ConfigSection section)
    {
        section.RejectUnknown(Known);
        FeatureParameters features;
        try
        {
            features = new FeatureParameters
            {
                Kind = FeatureParameters.ParseKind(section.GetString("feature", "stft")),
                SampleRate = section.GetInt("sample_rate", 22050),
                NFft = section.GetInt("n_fft", 2048),
                HopLength = section.GetInt("hop", 512),
                NMels = section.GetInt("n_mels", 80),
            };
            features.Validate();
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ConfigKeyException(section.Key((e as ArgumentException)?.ParamName switch
            {
                "SampleRate" => "sample_rate", "HopLength" => "hop", "NFft" => "n_fft", "NMels" => "n_mels", _ => "feature",
            }), e.Message);
        }
        return new ReconstructionSettings(features, section.GetDouble("offset", 0), section.Has("duration") ? section.GetDouble("duration", 0) : null)
        {
            Section = section,
        };
    }
}
