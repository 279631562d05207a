using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// Section functions of a song form and the section codes the dataset writers label them with: verse A, chorus B,
/// bridge C (as the synthetic corpora), intro I, outro O; other marker texts get D, E, … in order of appearance.
/// </summary>
public static class SongForm
{
    public const string Intro = "intro";
    public const string Verse = "verse";
    public const string Chorus = "chorus";
    public const string Bridge = "bridge";
    public const string Outro = "outro";

    /// <summary>The code of a marker text, by its first word (case-insensitive: "Verse 2" is a verse); null if not a known function.</summary>
    public static string? Code(string label)
    {
        var word = label.Trim().Split([' ', '_', '-', '\t'], 2)[0].ToLowerInvariant().TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        return word switch
        {
            Verse => "A",
            Chorus or "refrain" => "B",
            Bridge => "C",
            Intro => "I",
            Outro or "ending" or "coda" => "O",
            "silence" => SongPlan.Silence,
            _ => null,
        };
    }

    /// <summary>Codes for every distinct marker text: known functions by <see cref="Code"/>, the others D, E, … (Z at most).</summary>
    public static IReadOnlyDictionary<string, string> Codes(IEnumerable<string> labels)
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 'D';
        foreach (var label in labels)
        {
            if (codes.ContainsKey(label)) continue;
            codes[label] = Code(label) ?? (next <= 'H' ? (next++).ToString() : "Z");
        }
        return codes;
    }
}
