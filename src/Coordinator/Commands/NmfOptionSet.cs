using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// The options of `nmfgrid nmf`, their defaults (scikit-learn's: mu, β=2, 200 iterations, tol 1e-4) and
/// their checks. Every check runs while parsing, so a bad value is reported as one line naming the option
/// before any file is read.
/// </summary>
internal sealed class NmfOptionSet
{
    /// <summary>Rank of the demo's true factorisation, and the demo's default --rank.</summary>
    public const int DemoRank = 8;

    /// <summary>Where --demo writes without --out, relative to the working directory (beside `nmfgrid run`'s outputs/).</summary>
    public const string DemoOut = "outputs/nmf-demo";

    public readonly Option<string> Input = Text("--input", "V, a 2-D .npy matrix (F×T, nonnegative). Required, unless --demo or --list.", alias: "-i");
    public readonly Option<string> W0 = Text("--w0", "Starting (or, with --fix-w, known) templates W0, an F×K .npy matrix.");
    public readonly Option<string> H0 = Text("--h0", "Starting (or, with --fix-h, known) activations H0, a K×T .npy matrix.");
    public readonly Option<string> Algorithm = Text("--algorithm", "Solver name (see --list).", "mu", "-a");
    public readonly Option<int> Rank = Integer("--rank", $"K, the number of templates. Required with --input (the demo's default is {DemoRank}).", null, minimum: 1, alias: "-k");
    public readonly Option<double> Beta = Real("--beta", "β of the β-divergence: 0 Itakura-Saito, 1 Kullback-Leibler, 2 Euclidean.", 2.0, minimum: null);
    public readonly Option<string> Init = Text("--init", "Initialisation name (see --list); default nndsvda, or custom when --w0 and --h0 are given.");
    public readonly Option<int> MaxIter = Integer("--max-iter", "Maximum number of iterations.", 200, minimum: 1);
    public readonly Option<double> Tol = Real("--tol", "Relative tolerance of the stop test; 0 runs exactly --max-iter.", 1e-4, minimum: 0);
    public readonly Option<int> Seed = Integer("--seed", "Seed of every random choice.", 0, minimum: null);
    public readonly Option<string> Backend = Choice("--backend", "BLAS backend (auto: MKL on Intel, else OpenBLAS, else managed).", "auto", [.. BlasBackendName.All]);
    public readonly Option<int> Threads = Integer("--threads", "BLAS threads (default: every core, as numpy does; the grid runs 1 per worker instead).", Environment.ProcessorCount, minimum: 1);
    public readonly Option<string> Dtype = Choice("--dtype", "Precision of the run and of W.npy/H.npy.", "float64", "float64", "float32");
    public readonly Option<double> AlphaW = Real("--alpha-w", "Penalty weight on W (scikit-learn's alpha_W).", 0.0, minimum: 0);
    public readonly Option<double> AlphaH = Real("--alpha-h", "Penalty weight on H (scikit-learn's alpha_H).", 0.0, minimum: 0);
    public readonly Option<double> L1Ratio = Real("--l1-ratio", "Share of L1 in the penalties, in [0, 1].", 0.0, minimum: 0, maximum: 1);
    public readonly Option<string[]> Param = new("--param")
    {
        Description = "A model's own parameter, name=value (repeatable), e.g. --param sparsity=0.1; see the algorithm's docs.",
        AllowMultipleArgumentsPerToken = false,
    };
    public readonly Option<bool> FixW = new("--fix-w") { Description = "Keep W = --w0 (learn H only)." };
    public readonly Option<bool> FixH = new("--fix-h") { Description = "Keep H = --h0 (learn W only)." };
    public readonly Option<string> Out = Text("--out", $"Directory for W.npy, H.npy and result.json, created if missing. Required with --input (the demo's default is {DemoOut}).", alias: "-o");
    public readonly Option<bool> Demo = new("--demo") { Description = "Factorise a synthetic 513×400 spectrogram instead of --input (also writes V.npy); needs no other option." };
    public readonly Option<string> List = Choice("--list",
        "Print the registered algorithms and initialisations, each under a heading (or only 'algorithms' / 'initialisations', one bare name a line).",
        null, "algorithms", "initialisations");

    public NmfOptionSet()
    {
        List.Arity = ArgumentArity.ZeroOrOne;
        Algorithm.Validators.Add(r => CheckName(r, "--algorithm", AlgorithmRegistry.Names));
        Init.Validators.Add(r => CheckName(r, "--init", InitialisationRegistry.Names));
        Param.Validators.Add(r =>
        {
            foreach (var text in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TryParameter(text, out _, out _))
                {
                    r.AddError($"--param '{text}': expected name=value with a number value.");
                }
            }
        });
    }

    private static bool TryParameter(string text, out string name, out double value)
    {
        var equals = text.IndexOf('=');
        name = equals > 0 ? text[..equals].Trim() : "";
        value = 0;
        return equals > 0 && double.TryParse(text[(equals + 1)..], System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    public IEnumerable<Option> All =>
        [Input, W0, H0, Algorithm, Rank, Beta, Init, MaxIter, Tol, Seed, Backend, Threads, Dtype,
         AlphaW, AlphaH, L1Ratio, Param, FixW, FixH, Out, Demo, List];

    /// <summary>Checks between options: what is required depends on --list and --demo (which needs nothing else).</summary>
    public void CheckCombination(CommandResult result)
    {
        if (Given(result, List)) return;
        bool demo = Given(result, Demo) && Value(result, Demo);
        bool fixW = Given(result, FixW) && Value(result, FixW), fixH = Given(result, FixH) && Value(result, FixH);
        bool hasW0 = Given(result, W0), hasH0 = Given(result, H0);
        if (!demo && !Given(result, Out)) result.AddError("--out is required with --input: the directory for W.npy, H.npy and result.json.");
        if (demo && Given(result, Input)) result.AddError("--demo and --input exclude each other: the demo makes its own V.");
        if (!demo && !Given(result, Input)) result.AddError("--input is required (or --demo, or --list).");
        if (!demo && !Given(result, Rank)) result.AddError("--rank is required.");
        if (fixW && !hasW0) result.AddError("--fix-w needs --w0, the known templates.");
        if (fixH && !hasH0) result.AddError("--fix-h needs --h0, the known activations.");

        string? init = Given(result, Init) ? Value(result, Init) : null;
        string resolved = ResolveInit(init, hasW0, hasH0);
        bool custom = string.Equals(resolved, "custom", StringComparison.OrdinalIgnoreCase);
        if (custom && !(hasW0 && hasH0)) result.AddError("--init custom needs both --w0 and --h0.");
        if (!custom && hasW0 && !fixW) result.AddError($"--w0 is used only by --init custom or with --fix-w (--init is {resolved}).");
        if (!custom && hasH0 && !fixH) result.AddError($"--h0 is used only by --init custom or with --fix-h (--init is {resolved}).");
    }

    /// <summary>The validated request (call only when parsing succeeded and --list is absent).</summary>
    public NmfRequest Read(ParseResult parse)
    {
        bool demo = parse.GetValue(Demo);
        string? w0 = parse.GetValue(W0), h0 = parse.GetValue(H0);
        var options = new NmfOptions
        {
            Rank = parse.GetResult(Rank) is null ? DemoRank : parse.GetValue(Rank),
            Beta = parse.GetValue(Beta),
            MaxIterations = parse.GetValue(MaxIter),
            Tolerance = parse.GetValue(Tol),
            Seed = parse.GetValue(Seed),
            AlphaW = parse.GetValue(AlphaW),
            AlphaH = parse.GetValue(AlphaH),
            L1Ratio = parse.GetValue(L1Ratio),
            FixW = parse.GetValue(FixW),
            FixH = parse.GetValue(FixH),
            Parameters = (parse.GetValue(Param) ?? []).Select(text => TryParameter(text, out var name, out var value) ? (name, value) : default)
                .ToDictionary(p => p.name, p => p.value),
        };
        return new NmfRequest(
            parse.GetValue(Input), w0, h0, demo,
            // Registry spelling, so result.json says "nndsvda" whether the user typed NNDSVDA or nndsvda.
            AlgorithmRegistry.Get(parse.GetValue(Algorithm)!).Name,
            InitialisationRegistry.Get(ResolveInit(parse.GetValue(Init), w0 is not null, h0 is not null)).Name, options,
            parse.GetValue(Backend)!, parse.GetValue(Threads), parse.GetValue(Dtype)!, parse.GetValue(Out) ?? DemoOut);
    }

    /// <summary>scikit-learn's default start (nndsvda), unless the user gave both factors and no --init.</summary>
    private static string ResolveInit(string? init, bool hasW0, bool hasH0) =>
        init ?? (hasW0 && hasH0 ? "custom" : "nndsvda");

    private static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>An option's value, or the default when its own parse failed (that error is already reported).</summary>
    private static T? Value<T>(CommandResult result, Option<T> option) =>
        result.GetResult(option) is { } r && !r.Errors.Any() ? result.GetValue(option) : default;

    private static void CheckName(OptionResult result, string name, IReadOnlyCollection<string> known)
    {
        string? value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (value is not null && !known.Contains(value, StringComparer.OrdinalIgnoreCase))
            result.AddError($"{name}: unknown name '{value}'. Known: {string.Join(", ", known)}.");
    }

    // Option factories with parsers of our own, so every bad value gets one line that names the option.

    private static Option<string> Text(string name, string description, string? defaultValue = null, string? alias = null)
    {
        var option = alias is null ? new Option<string>(name) : new Option<string>(name, alias);
        option.Description = description;
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    private static Option<string> Choice(string name, string description, string? defaultValue, params string[] values)
    {
        var option = Text(name, description, defaultValue);
        option.CompletionSources.Add(values);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !values.Contains(r.Tokens[^1].Value, StringComparer.Ordinal))
                r.AddError($"{name} must be one of {string.Join(", ", values)}, got '{r.Tokens[^1].Value}'.");
        });
        return option;
    }

    private static Option<int> Integer(string name, string description, int? defaultValue, int? minimum, string? alias = null)
    {
        var option = alias is null ? new Option<int>(name) : new Option<int>(name, alias);
        option.Description = description;
        if (defaultValue is { } d) option.DefaultValueFactory = _ => d;
        option.CustomParser = r =>
        {
            string token = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (!int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
                r.AddError($"{name} must be an integer, got '{token}'.");
            else if (value < minimum)
                r.AddError($"{name} must be at least {minimum}, got {value}.");
            return value;
        };
        return option;
    }

    private static Option<double> Real(string name, string description, double defaultValue, double? minimum, double? maximum = null)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.CustomParser = r =>
        {
            string token = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                r.AddError($"{name} must be a finite number, got '{token}'.");
            else if (value < minimum || value > maximum)
                r.AddError(maximum is null ? $"{name} must be at least {minimum}, got {value}." : $"{name} must lie in [{minimum}, {maximum}], got {value}.");
            return value;
        };
        return option;
    }
}
