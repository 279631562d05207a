using System.Globalization;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Separation;

/// <summary>
/// How the supervised methods learn one dictionary per stem from MUSDB18's train subset (`task.stem_rank`,
/// `task.stem_beta`, …). Everything here, with the STFT and the training files, names the cached dictionary.
/// </summary>
public sealed record StemDictionarySettings
{
    /// <summary>Templates per stem, in <see cref="SeparationTask.Targets"/> order.</summary>
    public required IReadOnlyList<int> Ranks { get; init; }

    /// <summary>β of the per-stem β-NMF (1: Kullback-Leibler).</summary>
    public double Beta { get; init; } = 1.0;

    public int Iterations { get; init; } = 100;

    /// <summary>Frames kept per stem over all training tracks (evenly spaced), which bounds the cost of learning.</summary>
    public int Frames { get; init; } = 1500;

    /// <summary>Seconds read from each training track (from its start); null reads whole tracks.</summary>
    public double? Duration { get; init; } = 60;

    /// <summary>Frames quieter than this many dB under the loudest frame of the same stem and track are skipped.</summary>
    public double SilenceDb { get; init; } = -40;

    public static StemDictionarySettings From(ConfigSection section)
    {
        var ranks = ReadRanks(section);
        double duration = section.GetDouble("train_duration", 60);
        var settings = new StemDictionarySettings
        {
            Ranks = ranks,
            Beta = section.GetDouble("stem_beta", 1.0),
            Iterations = section.GetInt("stem_iter", 100),
            Frames = section.GetInt("train_frames", 1500),
            Duration = duration > 0 ? duration : null,
            SilenceDb = section.GetDouble("train_silence_db", -40),
        };
        if (!double.IsFinite(settings.Beta))
            throw new ConfigKeyException(section.Key("stem_beta"), $"must be a finite number, got {settings.Beta}");
        if (settings.Iterations <= 0)
            throw new ConfigKeyException(section.Key("stem_iter"), $"must be positive, got {settings.Iterations}");
        if (settings.Frames < ranks.Max())
            throw new ConfigKeyException(section.Key("train_frames"), $"{settings.Frames} frames cannot teach {ranks.Max()} templates of one stem");
        if (!(settings.SilenceDb < 0))
            throw new ConfigKeyException(section.Key("train_silence_db"), $"must be negative (dB under the loudest frame), got {settings.SilenceDb}");
        return settings;
    }

    /// <summary>`stem_rank: 16` for every stem, or a map `{drums: 16, bass: 8, other: 24, vocals: 16}` (absent stems: 16).</summary>
    private static int[] ReadRanks(ConfigSection section)
    {
        const int fallback = 16;
        var names = SeparationTask.Targets.Select(Name).ToArray();
        int[] ranks;
        if (section.Values.TryGetValue("stem_rank", out var value) && value is IReadOnlyDictionary<string, object?>)
        {
            var map = section.Sub("stem_rank");
            map.RejectUnknown(names);
            ranks = names.Select(n => map.GetInt(n, fallback)).ToArray();
        }
        else
        {
            ranks = Enumerable.Repeat(section.GetInt("stem_rank", fallback), names.Length).ToArray();
        }
        if (ranks.Any(r => r <= 0))
            throw new ConfigKeyException(section.Key("stem_rank"), $"every stem needs at least one template, got {string.Join(", ", ranks)}");
        return ranks;
    }

    /// <summary>The stem's name as configs and labels spell it (drums, bass, other, vocals).</summary>
    public static string Name(Stem stem) => stem.ToString().ToLowerInvariant();

    /// <summary>The model part of the dictionary's cache key.</summary>
    public string CanonicalString => string.Create(CultureInfo.InvariantCulture,
        $"ranks={string.Join(",", Ranks)};beta={Beta:R};iter={Iterations};frames={Frames};duration={(Duration is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "all")};silence={SilenceDb:R};init=nndsvda;tol=1e-4");
}
