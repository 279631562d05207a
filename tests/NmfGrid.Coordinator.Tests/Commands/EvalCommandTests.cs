using System.Text.Json;
using NAudio.Wave;
using NmfGrid.Tasks.Metrics;

namespace NmfGrid.Coordinator.Tests.Commands;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmfgrid-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Transcription_prints_scores_with_midi_converted_to_hertz()
    {
        var r = Write("r.txt", "OnsetTime\tOffsetTime\tMidiPitch\n0\t0.5\t60\n1\t1.5\t64\n2\t2.5\t67\n");
        var e = Write("e.txt", "OnsetTime\tOffsetTime\tMidiPitch\n0.05\t0.3\t60\n1\t1.2\t65\n2.04\t2.4\t67\n");
        var (code, json, _) = Run("eval", "transcription", "--ref", r, "--est", e);
        Assert.Equal(0, code);
        // 65 vs 64 is 100 cents apart in Hz: only the first and last notes match.
        Assert.Equal(2.0 / 3, json.GetProperty("f1").GetDouble(), 12);
        Assert.Equal(0.5, json.GetProperty("accuracy").GetDouble(), 12); // TP 2, FP 1, FN 1
        Assert.True(json.TryGetProperty("overlap", out _));
        Assert.True(json.TryGetProperty("precision", out _));
        Assert.True(json.TryGetProperty("recall", out _));
    }

    [Fact]
    public void Transcription_options_change_the_matching()
    {
        var r = Write("r.txt", "OnsetTime\tOffsetTime\tMidiPitch\n0\t0.5\t60\n");
        var e = Write("e.txt", "OnsetTime\tOffsetTime\tMidiPitch\n0.08\t2\t60.6\n");
        Assert.Equal(0.0, Run("eval", "transcription", "--ref", r, "--est", e).Json.GetProperty("f1").GetDouble());
        Assert.Equal(1.0, Run("eval", "transcription", "--ref", r, "--est", e, "--onset-tolerance", "0.1", "--pitch-tolerance", "70")
            .Json.GetProperty("f1").GetDouble());
        Assert.Equal(0.0, Run("eval", "transcription", "--ref", r, "--est", e, "--onset-tolerance", "0.1", "--pitch-tolerance", "70", "--offset-ratio", "0.2")
            .Json.GetProperty("f1").GetDouble());
    }

    [Fact]
    public void Transcription_names_the_file_and_line_of_a_bad_note()
    {
        var r = Write("r.txt", "OnsetTime\tOffsetTime\tMidiPitch\n0\t0.5\t60\n1\t0.5\t60\n");
        var e = Write("e.txt", "OnsetTime\tOffsetTime\tMidiPitch\n");
        var (code, _, error) = Run("eval", "transcription", "--ref", r, "--est", e);
        Assert.NotEqual(0, code);
        Assert.Contains(r, error);
        Assert.Contains("line 3", error);
        Assert.Contains("strictly positive", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Transcription_rejects_a_non_numeric_field_and_a_missing_file_and_a_negative_tolerance()
    {
        var r = Write("r.txt", "OnsetTime\tOffsetTime\tMidiPitch\n0\t0.5\tC4\n");
        var e = Write("e.txt", "OnsetTime\tOffsetTime\tMidiPitch\n0\t0.5\t60\n");
        var bad = Run("eval", "transcription", "--ref", r, "--est", e);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("'C4' is not a number", bad.Error);
        var missing = Run("eval", "transcription", "--ref", Path.Combine(_dir, "none.txt"), "--est", e);
        Assert.NotEqual(0, missing.Code);
        Assert.Contains("none.txt: file not found", missing.Error);
        var tolerance = Run("eval", "transcription", "--ref", e, "--est", e, "--onset-tolerance", "-1");
        Assert.NotEqual(0, tolerance.Code);
        Assert.Contains("--onset-tolerance", tolerance.Error);
    }

    [Fact]
    public void Transcription_with_an_empty_reference_fails_and_with_an_empty_estimate_scores_zero()
    {
        var empty = Write("empty.txt", "OnsetTime\tOffsetTime\tMidiPitch\n");
        var one = Write("one.txt", "OnsetTime\tOffsetTime\tMidiPitch\n0\t0.5\t60\n");
        var noRef = Run("eval", "transcription", "--ref", empty, "--est", one);
        Assert.NotEqual(0, noRef.Code);
        Assert.Contains("empty.txt", noRef.Error);
        var noEst = Run("eval", "transcription", "--ref", one, "--est", empty);
        Assert.Equal(0, noEst.Code);
        Assert.Equal(0.0, noEst.Json.GetProperty("f1").GetDouble());
    }

    [Fact]
    public void Segments_prints_boundary_scores_with_window_and_trim()
    {
        var r = Write("r.lab", "0 10 verse\n10 20 chorus\n20 30 verse\n");
        var e = Write("e.lab", "0.0\t9.6\tA\n9.6\t25\tB\n25\t30\tA\n");
        var plain = Run("eval", "segments", "--ref", r, "--est", e);
        Assert.Equal(0, plain.Code);
        Assert.Equal(0.75, plain.Json.GetProperty("f1").GetDouble(), 12);
        var trimmed = Run("eval", "segments", "--ref", r, "--est", e, "--trim");
        Assert.Equal(0.5, trimmed.Json.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(0.5, trimmed.Json.GetProperty("recall").GetDouble(), 12);
        var wide = Run("eval", "segments", "--ref", r, "--est", e, "--window", "3", "--trim");
        Assert.Equal(0.5, wide.Json.GetProperty("f1").GetDouble(), 12);
    }

    [Fact]
    public void Segments_adjust_fits_the_estimate_to_the_reference_span()
    {
        var r = Write("r.lab", "0 10 a\n10 20 b\n");
        var e = Write("e.lab", "0 10 a\n10 26 b\n");
        Assert.Equal(2.0 / 3, Run("eval", "segments", "--ref", r, "--est", e).Json.GetProperty("f1").GetDouble(), 12);
        Assert.Equal(1.0, Run("eval", "segments", "--ref", r, "--est", e, "--adjust").Json.GetProperty("f1").GetDouble(), 12);
    }

    [Fact]
    public void Segments_names_the_file_with_a_negative_time_or_a_bad_window()
    {
        var r = Write("r.lab", "0 10 a\n");
        var e = Write("e.lab", "-1 10 a\n");
        var bad = Run("eval", "segments", "--ref", r, "--est", e);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("e.lab: line 1", bad.Error);
        var window = Run("eval", "segments", "--ref", r, "--est", r, "--window", "0");
        Assert.NotEqual(0, window.Code);
        Assert.Contains("--window", window.Error);
    }

    [Fact]
    public void Separation_v3_matches_the_library_on_wav_files()
    {
        var (refs, ests) = Sources(n: 3000);
        var refPaths = refs.Select((x, k) => WriteWav($"r{k}.wav", x)).ToArray();
        var estPaths = ests.Select((x, k) => WriteWav($"e{k}.wav", x)).ToArray();
        var (code, json, error) = Run(["eval", "separation", "--ref", .. refPaths, "--est", .. estPaths, "--bss-version", "3"]);
        Assert.True(code == 0, error);
        // The WAVs hold float32 samples: score the same rounded signals directly.
        var r32 = refs.Select(x => x.Select(v => (double)(float)v).ToArray()).ToArray();
        var e32 = ests.Select(x => x.Select(v => (double)(float)v).ToArray()).ToArray();
        var expected = BssEvalSources.Evaluate(r32, e32);
        AssertArray(expected.Sdr, json.GetProperty("sdr"));
        AssertArray(expected.Sir, json.GetProperty("sir"));
        AssertArray(expected.Sar, json.GetProperty("sar"));
        Assert.Equal([1, 0], json.GetProperty("perm").EnumerateArray().Select(x => x.GetInt32()).ToArray());
        AssertArray(ScaleInvariantSdr.SiSdr(r32, e32).Select(x => x.Value).ToArray(), json.GetProperty("si_sdr"));
        AssertArray(ScaleInvariantSdr.Snr(r32, e32).Select(x => x.Value).ToArray(), json.GetProperty("snr"));
    }

    [Fact]
    public void Separation_v4_reports_medians_over_one_second_windows()
    {
        var (refs, ests) = Sources(n: 2500, rate: 1000);
        var refPaths = refs.Select((x, k) => WriteWav($"r{k}.wav", x, 1000)).ToArray();
        var estPaths = ests.Select((x, k) => WriteWav($"e{k}.wav", x, 1000)).ToArray();
        var (code, json, error) = Run(["eval", "separation", "--ref", .. refPaths, "--est", .. estPaths]);
        Assert.True(code == 0, error);
        Assert.Equal(2, json.GetProperty("windows").GetInt32());
        Assert.Equal(2, json.GetProperty("sdr").GetArrayLength());
        Assert.Equal(2, json.GetProperty("isr").GetArrayLength());
        Assert.Equal(2, json.GetProperty("si_sdr").GetArrayLength());
    }

    [Fact]
    public void Separation_rejects_mismatched_counts_rates_lengths_silence_and_versions()
    {
        var (refs, ests) = Sources(n: 600);
        var r0 = WriteWav("r0.wav", refs[0]);
        var r1 = WriteWav("r1.wav", refs[1]);
        var e0 = WriteWav("e0.wav", ests[0]);
        var e1 = WriteWav("e1.wav", ests[1]);
        var count = Run("eval", "separation", "--ref", r0, r1, "--est", e0);
        Assert.NotEqual(0, count.Code);
        Assert.Contains("--est lists 1 files but --ref lists 2", count.Error);
        var rate = Run("eval", "separation", "--ref", r0, r1, "--est", e0, WriteWav("e1r.wav", ests[1], 16000));
        Assert.Contains("e1r.wav: sample rate 16000", rate.Error);
        var length = Run("eval", "separation", "--ref", r0, r1, "--est", e0, WriteWav("e1s.wav", ests[1][..500]), "--bss-version", "3");
        Assert.Contains("e1s.wav: 500 samples", length.Error);
        var silent = Run("eval", "separation", "--ref", r0, WriteWav("z.wav", new double[600]), "--est", e0, e1);
        Assert.Contains("z.wav: the reference is silent", silent.Error);
        var version = Run("eval", "separation", "--ref", r0, r1, "--est", e0, e1, "--bss-version", "5");
        Assert.Contains("--bss-version must be 3 or 4", version.Error);
        var garbage = Write("g.wav", "not a wav");
        var unreadable = Run("eval", "separation", "--ref", garbage, r1, "--est", e0, e1);
        Assert.NotEqual(0, unreadable.Code);
        Assert.Contains("g.wav: not a readable WAV file", unreadable.Error);
    }

    private static (double[][] Refs, double[][] Ests) Sources(int n, int rate = 8000)
    {
        var rng = new Random(7);
        var refs = Enumerable.Range(0, 2).Select(k =>
            Enumerable.Range(0, n).Select(t => 0.4 * Math.Sin(2 * Math.PI * (200 + 170 * k) * t / rate) + 0.05 * (rng.NextDouble() - 0.5)).ToArray()).ToArray();
        // Estimates in swapped order, each leaking a little of the other source.
        var ests = new[]
        {
            refs[1].Select((x, t) => x + 0.2 * refs[0][t] + 0.01 * (rng.NextDouble() - 0.5)).ToArray(),
            refs[0].Select((x, t) => 0.9 * x + 0.1 * refs[1][t] + 0.01 * (rng.NextDouble() - 0.5)).ToArray(),
        };
        return (refs, ests);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteWav(string name, double[] samples, int rate = 8000)
    {
        var path = Path.Combine(_dir, name);
        using var writer = new WaveFileWriter(path, WaveFormat.CreateIeeeFloatWaveFormat(rate, 1));
        writer.WriteSamples(samples.Select(x => (float)x).ToArray(), 0, samples.Length);
        return path;
    }

    private static (int Code, JsonElement Json, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Build().Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        var text = output.ToString().Trim();
        var json = code == 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        if (code == 0) Assert.Single(text.Split('\n')); // one JSON object, one line
        return (code, json, error.ToString());
    }

    private static void AssertArray(double[] expected, JsonElement actual)
    {
        var a = actual.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(expected[i], a[i], 9);
    }
}
