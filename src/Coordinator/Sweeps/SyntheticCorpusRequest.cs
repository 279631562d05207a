using NmfGrid.Coordinator.Config;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Coordinator.Sweeps;

/// <summary>
/// A request to generate a synthetic corpus at an absent dataset root. Generating data is asked for, never a fallback
/// for a wrong path: `dataset.synthesize_if_missing: true` covers the root written in the same file (a demo preset and
/// its own root, benchmarks/dataset/*_demo.yaml), or any root when the flag itself is given on the command line. A root
/// that comes from anywhere else (a mistyped `dataset.root=…` override, another file) must exist.
/// </summary>
public sealed record SyntheticCorpusRequest(ISyntheticCorpus Corpus, SynthesisOptions Options)
{
    /// <summary>The request for <paramref name="root"/>, which does not exist, or the error that names the key and the fix.</summary>
    /// <param name="locationOf">where a dotted key of the composed config was set, when known.</param>
    public static SyntheticCorpusRequest For(ConfigSection section, string name, string root, Func<string, SourceLocation?> locationOf)
    {
        var rootKey = section.Key("root");
        var flagKey = section.Key("synthesize_if_missing");
        var rootWhere = locationOf(rootKey);
        var missing = $"dataset folder '{root}' does not exist" + (rootWhere is null ? "" : $" (set by {rootWhere})");
        if (!section.GetBool("synthesize_if_missing", false))
        {
            throw new ConfigKeyException(rootKey,
                $"{missing}: point it at a {name} corpus (docs/datasets.md; `nmfgrid datasets check {name} DIR` checks one), " +
                $"or generate a synthetic one there with {(section.Values.ContainsKey("synthesize_if_missing") ? "" : "+")}{flagKey}=true");
        }
        var flagWhere = locationOf(flagKey);
        var asked = flagWhere is null || rootWhere is null || flagWhere.IsCommandLine || flagWhere.Origin == rootWhere.Origin;
        if (!asked)
        {
            throw new ConfigKeyException(rootKey,
                $"{missing}. {flagKey} in {flagWhere!.Origin} generates a synthetic corpus only at the root written beside it, " +
                $"not at one given elsewhere: correct the path (or leave {rootKey} as that file has it), or, to generate a " +
                $"synthetic {name} corpus at '{root}', add {flagKey}=true to the command line");
        }
        var corpus = SyntheticCorpora.Kinds.Select(SyntheticCorpora.Get).FirstOrDefault(c => c.Dataset == name)
                     ?? throw new ConfigKeyException(section.Key("name"), $"no synthetic corpus exists for dataset '{name}'");
        return new SyntheticCorpusRequest(corpus, new SynthesisOptions(
            Tracks: section.GetInt("synth_tracks", 3),
            Seed: section.GetInt("synth_seed", 0),
            Duration: section.Has("synth_duration") ? section.GetDouble("synth_duration", 0) : null)
        {
            Panned = section.GetBool("synth_panned", false),
        });
    }
}
