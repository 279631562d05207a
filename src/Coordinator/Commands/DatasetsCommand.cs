using System.CommandLine;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid datasets`: `synth` writes a small synthetic corpus in a real dataset's layout; `check` validates a dataset on
/// disk, lists its tracks, notes (e.g. the MAPS sets found) and every problem, and exits 1 when there is a problem or no
/// track; `list` names the known datasets.
/// </summary>
public static class DatasetsCommand
{
    public static Command Build()
    {
        var command = new Command("datasets", "Synthesise, validate and list datasets.");
        command.Subcommands.Add(Synth());
        command.Subcommands.Add(Check());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Synth()
    {
        var kind = new Option<string>("--kind") { Description = $"Layout to write: {string.Join(", ", SyntheticCorpora.Kinds)}.", Required = true };
        kind.AcceptOnlyFromAmong([.. SyntheticCorpora.Kinds]);
        var output = new Option<string>("--out") { Description = "Folder to write the dataset root into.", Required = true };
        var tracks = new Option<int>("--tracks") { Description = "Number of tracks.", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same bytes.", DefaultValueFactory = _ => 0 };
        var duration = new Option<double?>("--duration") { Description = "Seconds per track (default 15 for maps, 12 for musdb18hq, 20 for structure corpora)." };
        var sampleRate = new Option<int?>("--sample-rate") { Description = "Sample rate in Hz (default 44100 for maps and musdb18hq, 22050 for structure)." };
        var panned = new Option<bool>("--panned") { Description = "maps: pan every note to its own place in the stereo field (for multichannel transcription)." };
        var command = new Command("synth", "Write a synthetic corpus in a real dataset's layout (additive instruments, planted notes, stems and sections).")
        {
            kind, output, tracks, seed, duration, sampleRate, panned,
        };
        command.SetAction(parse =>
        {
            var corpus = SyntheticCorpora.Get(parse.GetValue(kind)!);
            var root = parse.GetValue(output)!;
            var options = new SynthesisOptions(parse.GetValue(tracks), parse.GetValue(seed), parse.GetValue(duration), parse.GetValue(sampleRate))
            {
                Panned = parse.GetValue(panned),
            };
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                corpus.Write(root, options);
            }
            catch (ArgumentOutOfRangeException e)
            {
                stderr.WriteLine($"datasets synth: {e.Message}");
                return 2;
            }
            var written = DatasetRegistry.Open(corpus.Dataset, root);
            stdout.WriteLine($"Wrote {written.TrackIds().Count} {corpus.Kind} tracks to {Path.GetFullPath(root)} (seed {options.Seed}); read it as dataset '{corpus.Dataset}'.");
            return 0;
        });
        return command;
    }

    private static Command Check()
    {
        var kind = new Argument<string>("kind") { Description = $"Dataset: {string.Join(", ", DatasetRegistry.Names)}." };
        kind.AcceptOnlyFromAmong([.. DatasetRegistry.Names]);
        var root = new Argument<string>("root") { Description = "The dataset's root folder." };
        var command = new Command("check", "Validate a dataset on disk: list its tracks and every missing or corrupt file; exit 1 if it is unusable.")
        {
            kind, root,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var dataset = DatasetRegistry.Open(parse.GetValue(kind)!, parse.GetValue(root)!);
            var problems = dataset.Validate();
            var ids = Directory.Exists(dataset.Root) ? dataset.TrackIds() : [];
            stdout.WriteLine($"{dataset.Name} at {Path.GetFullPath(dataset.Root)}: {ids.Count} tracks, {problems.Count} problems.");
            foreach (var id in ids) stdout.WriteLine($"  {id}");
            if (Directory.Exists(dataset.Root)) foreach (var note in dataset.Notes()) stdout.WriteLine($"note: {note}");
            foreach (var problem in problems) stderr.WriteLine($"problem: {problem}");
            return problems.Count == 0 && ids.Count > 0 ? 0 : 1;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Name the known datasets and synthetic corpus kinds.");
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"datasets: {string.Join(", ", DatasetRegistry.Names)}");
            stdout.WriteLine($"synthetic kinds: {string.Join(", ", SyntheticCorpora.Kinds)}");
            return 0;
        });
        return command;
    }
}
