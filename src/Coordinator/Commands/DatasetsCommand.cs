using System.CommandLine;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Rendering;
using NmfGrid.Tasks.Datasets.Synthetic;
using Spectre.Console;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid datasets`: `synth` writes a small synthetic corpus in a real dataset's layout; `render` a corpus played by
/// sampled instruments (FluidSynth) in a real dataset's layout; `check` validates a dataset on disk, lists its tracks,
/// notes (e.g. the MAPS sets found) and every problem, and exits 1 when there is a problem or no track; `list` names the
/// known datasets.
/// </summary>
public static class DatasetsCommand
{
    public static Command Build()
    {
        var command = new Command("datasets", "Synthesise, validate and list datasets.");
        command.Subcommands.Add(Synth());
        command.Subcommands.Add(Render());
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
            stdout.WriteLine($"Wrote {Plural.Count(written.TrackIds().Count, $"{corpus.Kind} track")} to {Path.GetFullPath(root)} (seed {options.Seed}); read it as dataset '{corpus.Dataset}'.");
            return 0;
        });
        return command;
    }

    private static Command Render()
    {
        var kind = new Option<string>("--kind") { Description = $"Layout to write: {string.Join(", ", RenderedCorpora.Kinds)}.", Required = true };
        kind.AcceptOnlyFromAmong([.. RenderedCorpora.Kinds]);
        var output = new Option<string>("--out") { Description = "Folder to write the dataset root into.", Required = true };
        var midi = new Option<string?>("--midi") { Description = "Folder of your own .mid files to render (sorted by name) instead of composed pieces." };
        var soundFont = new Option<string?>("--soundfont") { Description = "SoundFont 2/3 file (default: MuseScore_General_Lite.sf3, else the system's default GM font)." };
        var tracks = new Option<int>("--tracks") { Description = "Pieces to render (musdb18hq: the test subset).", DefaultValueFactory = _ => 4 };
        var trainTracks = new Option<int>("--train-tracks") { Description = "musdb18hq: pieces of the train subset.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the composed pieces: the same seed writes the same MIDI. Use other seeds for a dev split.", DefaultValueFactory = _ => 0 };
        var duration = new Option<double?>("--duration") { Description = "About this many seconds per composed piece (whole sections, at least three; default 30)." };
        var set = new Option<string>("--set") { Description = "maps: the instrument set folder name.", DefaultValueFactory = _ => "AkPnBcht" };
        var program = new Option<int>("--program") { Description = "maps: the set's GM piano program, 0–7.", DefaultValueFactory = _ => 0 };
        var nuances = new Option<string>("--isol-nuances") { Description = "maps: ISOL/NO nuances to render, from PMF ('' for none).", DefaultValueFactory = _ => "PMF" };
        var range = new Option<string>("--isol-range") { Description = "maps: ISOL/NO pitch range LOW-HIGH.", DefaultValueFactory = _ => "21-108" };
        var command = new Command("render", "Render a corpus played by sampled instruments (FluidSynth) in a real dataset's layout, with exact annotations from the MIDI.")
        {
            kind, output, midi, soundFont, tracks, trainTracks, seed, duration, set, program, nuances, range,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var corpus = RenderedCorpora.Get(parse.GetValue(kind)!);
            var root = parse.GetValue(output)!;
            var bounds = parse.GetValue(range)!.Split('-');
            if (bounds.Length != 2 || !int.TryParse(bounds[0], out var low) || !int.TryParse(bounds[1], out var high))
            {
                stderr.WriteLine($"datasets render: --isol-range '{parse.GetValue(range)}' is not LOW-HIGH (e.g. 21-108).");
                return 2;
            }
            var options = new RenderOptions(parse.GetValue(tracks), parse.GetValue(seed), parse.GetValue(duration), parse.GetValue(midi), parse.GetValue(soundFont))
            {
                TrainTracks = parse.GetValue(trainTracks),
                MapsSet = parse.GetValue(set)!,
                MapsProgram = parse.GetValue(program),
                IsolatedNuances = parse.GetValue(nuances)!.ToUpperInvariant().ToCharArray(),
                IsolatedRange = (low, high),
            };
            var started = DateTime.UtcNow;
            try
            {
                if (!Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out))
                {
                    AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .Start(context =>
                        {
                            var task = context.AddTask($"rendering {corpus.Kind}", maxValue: 1);
                            corpus.Write(root, options, new Progress(step =>
                            {
                                task.MaxValue = step.Total;
                                task.Value = step.Done;
                                task.Description = Markup.Escape($"{corpus.Kind} {step.Done}/{step.Total}: {step.Item}");
                            }));
                        });
                }
                else
                {
                    corpus.Write(root, options, new Progress(step => stdout.WriteLine($"rendered {step.Done}/{step.Total}: {step.Item}")));
                }
            }
            catch (Exception e) when (e is RenderException or MidiFormatException or ArgumentOutOfRangeException or AnnotationFormatException)
            {
                stderr.WriteLine($"datasets render: {e.Message}");
                return 2;
            }
            var written = DatasetRegistry.Open(corpus.Dataset, root);
            stdout.WriteLine($"Rendered {Plural.Count(written.TrackIds().Count, $"{corpus.Kind} track")} to {Path.GetFullPath(root)} (seed {options.Seed}) in "
                + $"{(DateTime.UtcNow - started).TotalSeconds:F0} s; read it as dataset '{corpus.Dataset}'.");
            return 0;
        });
        return command;
    }

    /// <summary>Reports on the rendering thread itself (System.Progress would post to the thread pool, out of order).</summary>
    private sealed class Progress(Action<RenderStep> report) : IProgress<RenderStep>
    {
        public void Report(RenderStep value) => report(value);
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
            stdout.WriteLine($"{dataset.Name} at {Path.GetFullPath(dataset.Root)}: {Plural.Count(ids.Count, "track")}, {Plural.Count(problems.Count, "problem")}.");
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
