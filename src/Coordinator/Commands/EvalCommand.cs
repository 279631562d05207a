using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Metrics;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// <c>nmfgrid eval transcription|segments|separation</c>: scores estimate files against reference files with the
/// metrics of NmfGrid.Tasks.Metrics and prints one JSON object on stdout. Bad input exits non-zero with one line on
/// stderr naming the file or option at fault.
/// </summary>
public static class EvalCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        // ±∞ (a perfect or a silent estimate) and NaN (a silent window) are written as strings.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Create()
    {
        var eval = new Command("eval", "Score estimates against references (mir_eval 0.7 / museval semantics; see docs/metrics.md).");
        eval.Subcommands.Add(Transcription());
        eval.Subcommands.Add(Segments());
        eval.Subcommands.Add(Separation());
        return eval;
    }

    private static Command Transcription()
    {
        var reference = new Option<string>("--ref") { Description = "Reference notes, MAPS .txt (OnsetTime, OffsetTime, MidiPitch).", Required = true };
        var estimate = new Option<string>("--est") { Description = "Estimated notes, same format.", Required = true };
        var onset = new Option<double>("--onset-tolerance") { Description = "Onset tolerance in seconds.", DefaultValueFactory = _ => 0.05 };
        var pitch = new Option<double>("--pitch-tolerance") { Description = "Pitch tolerance in cents.", DefaultValueFactory = _ => 50.0 };
        var offset = new Option<double?>("--offset-ratio") { Description = "Also require offsets within max(ratio·duration, 0.05 s); offsets are ignored when absent." };
        var command = new Command("transcription", "Note-level precision, recall, F1, average overlap and accuracy TP/(TP+FP+FN).")
        {
            reference, estimate, onset, pitch, offset,
        };
        command.SetAction(parse => Run(parse, () =>
        {
            double onsetTolerance = parse.GetValue(onset), pitchTolerance = parse.GetValue(pitch);
            double? offsetRatio = parse.GetValue(offset);
            if (!(onsetTolerance >= 0)) throw new ArgumentException($"--onset-tolerance must be ≥ 0 seconds, got {onsetTolerance}.");
            if (!(pitchTolerance >= 0)) throw new ArgumentException($"--pitch-tolerance must be ≥ 0 cents, got {pitchTolerance}.");
            if (offsetRatio is { } r && !(r >= 0)) throw new ArgumentException($"--offset-ratio must be ≥ 0, got {r}.");
            string refPath = parse.GetValue(reference)!, estPath = parse.GetValue(estimate)!;
            var refNotes = ReadNotes(refPath);
            var estNotes = ReadNotes(estPath);
            if (refNotes.Length == 0) throw new ArgumentException($"{refPath}: no reference note: transcription scores are undefined.");
            var s = NoteTranscription.Score(refNotes, estNotes, new NoteTolerance(onsetTolerance, pitchTolerance, offsetRatio));
            return new Dictionary<string, object>
            {
                ["precision"] = s.Precision, ["recall"] = s.Recall, ["f1"] = s.F1, ["overlap"] = s.AverageOverlap, ["accuracy"] = s.Accuracy,
            };
        }));
        return command;
    }

    private static Command Segments()
    {
        var reference = new Option<string>("--ref") { Description = "Reference segments, .lab lines 'start end [label]'.", Required = true };
        var estimate = new Option<string>("--est") { Description = "Estimated segments, same format.", Required = true };
        var window = new Option<double>("--window") { Description = "Hit window in seconds (0.5 and 3 are usual).", DefaultValueFactory = _ => 0.5 };
        var trim = new Option<bool>("--trim") { Description = "Ignore the first and last boundary of each side." };
        var adjust = new Option<bool>("--adjust") { Description = "First fit the estimate to [0, reference end], as nmf_audio_benchmark did." };
        var command = new Command("segments", "Boundary detection precision, recall and F1 (mir_eval segment.detection).")
        {
            reference, estimate, window, trim, adjust,
        };
        command.SetAction(parse => Run(parse, () =>
        {
            double w = parse.GetValue(window);
            if (!(w > 0)) throw new ArgumentException($"--window must be > 0 seconds, got {w}.");
            string refPath = parse.GetValue(reference)!, estPath = parse.GetValue(estimate)!;
            var refSegments = ReadSegments(refPath);
            var estSegments = ReadSegments(estPath);
            if (refSegments.Length == 0) throw new ArgumentException($"{refPath}: no reference segment.");
            var s = parse.GetValue(adjust)
                ? BoundaryDetection.ScoreAsSeed(refSegments, estSegments, w, parse.GetValue(trim))
                : BoundaryDetection.Score(refSegments, estSegments, w, parse.GetValue(trim));
            return new Dictionary<string, object> { ["precision"] = s.Precision, ["recall"] = s.Recall, ["f1"] = s.F1 };
        }));
        return command;
    }

    private static Command Separation()
    {
        var reference = new Option<string[]>("--ref") { Description = "Reference stems, WAV (first channel).", Required = true, AllowMultipleArgumentsPerToken = true };
        var estimate = new Option<string[]>("--est") { Description = "Estimated stems, WAV, in the same order.", Required = true, AllowMultipleArgumentsPerToken = true };
        var version = new Option<int>("--bss-version") { Description = "3: mir_eval bss_eval_sources with permutation search; 4: museval v4, medians of 1 s windows.", DefaultValueFactory = _ => 4 };
        var command = new Command("separation", "BSS Eval SDR/SIR/SAR (v3 or v4) plus the toolbox's SI-SDR and SNR, one entry per source.")
        {
            reference, estimate, version,
        };
        command.SetAction(parse => Run(parse, () =>
        {
            int v = parse.GetValue(version);
            if (v is not (3 or 4)) throw new ArgumentException($"--bss-version must be 3 or 4, got {v}.");
            var refPaths = parse.GetValue(reference)!;
            var estPaths = parse.GetValue(estimate)!;
            if (refPaths.Length != estPaths.Length)
                throw new ArgumentException($"--est lists {estPaths.Length} files but --ref lists {refPaths.Length}: one estimate per reference is needed.");
            var refs = refPaths.Select(ReadWav).ToArray();
            var ests = estPaths.Select(ReadWav).ToArray();
            int rate = refs[0].SampleRate;
            foreach (var (wav, path) in refs.Zip(refPaths).Concat(ests.Zip(estPaths)))
            {
                if (wav.SampleRate != rate) throw new ArgumentException($"{path}: sample rate {wav.SampleRate} Hz differs from {refPaths[0]} ({rate} Hz).");
            }
            int length = refs[0].Samples.Length;
            for (int k = 0; k < refs.Length; k++)
            {
                if (refs[k].Samples.Length != length)
                    throw new ArgumentException($"{refPaths[k]}: {refs[k].Samples.Length} samples, but {refPaths[0]} has {length}.");
            }
            var refSignals = refs.Select(x => x.Samples).ToArray();
            double[][] estSignals;
            if (v == 3)
            {
                for (int k = 0; k < ests.Length; k++)
                {
                    if (ests[k].Samples.Length != length)
                        throw new ArgumentException($"{estPaths[k]}: {ests[k].Samples.Length} samples, but the references have {length} (BSS Eval v3 needs equal lengths).");
                }
                estSignals = ests.Select(x => x.Samples).ToArray();
            }
            else
            {
                // museval pads or truncates estimates to the reference length.
                estSignals = ests.Select(x => Fit(x.Samples, length)).ToArray();
            }
            CheckAudible(refSignals, refPaths, "reference");
            CheckAudible(estSignals, estPaths, "estimate");

            var result = new Dictionary<string, object>();
            if (v == 3)
            {
                var s = BssEvalSources.Evaluate(refSignals, estSignals);
                result["sdr"] = s.Sdr; result["sir"] = s.Sir; result["sar"] = s.Sar; result["perm"] = s.Permutation;
            }
            else
            {
                var s = BssEvalV4.Evaluate(refSignals, estSignals, window: rate, hop: rate);
                result["sdr"] = s.MedianSdr; result["isr"] = s.MedianIsr; result["sir"] = s.MedianSir; result["sar"] = s.MedianSar;
                result["perm"] = Enumerable.Range(0, refSignals.Length).ToArray();
                result["windows"] = s.WindowCount;
            }
            var siSdr = ScaleInvariantSdr.SiSdr(refSignals, estSignals);
            result["si_sdr"] = siSdr.Select(x => x.Value).ToArray();
            result["si_sdr_reference"] = siSdr.Select(x => x.Reference ?? -1).ToArray();
            result["snr"] = ScaleInvariantSdr.Snr(refSignals, estSignals).Select(x => x.Value).ToArray();
            return result;
        }));
        return command;
    }

    private static int Run(ParseResult parse, Func<Dictionary<string, object>> score)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            output.WriteLine(JsonSerializer.Serialize(score(), Json));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine("nmfgrid eval: " + e.Message.ReplaceLineEndings(" "));
            return 1;
        }
    }

    /// <summary>MAPS note list: a header line "OnsetTime OffsetTime MidiPitch", then one note per line (MIDI → Hz).</summary>
    private static Note[] ReadNotes(string path)
    {
        var notes = new List<Note>();
        int lineNumber = 0;
        foreach (var line in ReadLines(path))
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (lineNumber == 1 && fields[0].Equals("OnsetTime", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Length != 3)
                throw new FormatException($"{path}: line {lineNumber}: expected 3 columns (onset, offset, MIDI pitch), found {fields.Length}.");
            double onset = Number(fields[0], path, lineNumber), offset = Number(fields[1], path, lineNumber), midi = Number(fields[2], path, lineNumber);
            var note = Note.FromMidi(onset, offset, midi);
            try
            {
                NoteTranscription.Validate([note], "note");
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{path}: line {lineNumber}: {e.Message}");
            }
            notes.Add(note);
        }
        return notes.ToArray();
    }

    /// <summary>.lab segments: "start end [label…]" per line, whitespace separated; '#' starts a comment line.</summary>
    private static TimeInterval[] ReadSegments(string path)
    {
        var segments = new List<TimeInterval>();
        int lineNumber = 0;
        foreach (var line in ReadLines(path))
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#')) continue;
            if (fields.Length < 2)
                throw new FormatException($"{path}: line {lineNumber}: expected 'start end [label]', found {fields.Length} column.");
            var interval = new TimeInterval(Number(fields[0], path, lineNumber), Number(fields[1], path, lineNumber));
            try
            {
                IntervalRules.Validate([interval], "segment");
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{path}: line {lineNumber}: {e.Message}");
            }
            segments.Add(interval);
        }
        return segments.ToArray();
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.");
        return File.ReadAllLines(path);
    }

    private static double Number(string field, string path, int lineNumber) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x
            : throw new FormatException($"{path}: line {lineNumber}: '{field}' is not a number.");

    /// <summary>First channel of a WAV file as samples in [−1, 1], with its sample rate (the datasets' reader, Tasks.Audio).</summary>
    private static (double[] Samples, int SampleRate) ReadWav(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.");
        AudioSignal signal;
        try
        {
            signal = AudioReader.Read(path, new AudioReadOptions { Mono = false });
        }
        catch (AudioFormatException e)
        {
            throw new InvalidDataException($"{path}: not a readable WAV file ({e.Message.ReplaceLineEndings(" ")}).");
        }
        if (signal.Length == 0) throw new InvalidDataException($"{path}: not a readable WAV file (it holds no sample).");
        return (Array.ConvertAll(signal.Channels[0], s => (double)s), signal.SampleRate);
    }

    private static void CheckAudible(double[][] signals, string[] paths, string role)
    {
        for (int k = 0; k < signals.Length; k++)
        {
            if (signals[k].All(x => x == 0))
                throw new ArgumentException($"{paths[k]}: the {role} is silent (all zeros); BSS Eval needs every source audible.");
        }
    }

    private static double[] Fit(double[] signal, int length)
    {
        if (signal.Length == length) return signal;
        var y = new double[length];
        Array.Copy(signal, y, Math.Min(length, signal.Length));
        return y;
    }
}
