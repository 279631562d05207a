using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.External;

/// <summary>
/// An NMF model that runs outside NmfGrid (`algorithm.name: external`): the command that starts it, where and with
/// which environment, the model's own parameters (`algorithm.params`, passed through as JSON), and an optional limit
/// on one job's wait for its reply. The process speaks <see cref="ExternalProtocol"/> (docs/extending.md).
/// </summary>
public sealed record ExternalModel(
    string Command,
    string? WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string ParametersJson,
    TimeSpan? Timeout)
{
    /// <summary>The keys of `algorithm:` that only an external model reads.</summary>
    public static readonly string[] Keys = ["command", "workdir", "env", "params", "timeout_seconds"];

    /// <summary>Reads the external model's keys of an `algorithm:` section; errors name the key.</summary>
    public static ExternalModel From(ConfigSection section)
    {
        var command = section.GetString("command", "").Trim();
        if (command.Length == 0)
            throw new ConfigKeyException(section.Key("command"), "an external algorithm needs the command that starts the model, e.g. 'python3 models/my_nmf.py'");
        try
        {
            Words(command);
        }
        catch (FormatException e)
        {
            throw new ConfigKeyException(section.Key("command"), e.Message);
        }
        var workdir = section.Has("workdir") ? section.GetString("workdir", "") : null;
        var environment = section.Sub("env").Values
            .ToDictionary(p => p.Key, p => p.Value is IReadOnlyDictionary<string, object?> or IList<object?>
                ? throw new ConfigKeyException(section.Sub("env").Key(p.Key), "an environment variable is a single value")
                : Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "");
        var parameters = section.Sub("params");
        foreach (var reserved in ExternalProtocol.JobKeys.Where(parameters.Values.ContainsKey))
            throw new ConfigKeyException(parameters.Key(reserved), $"reserved: every request already carries '{reserved}' (docs/extending.md)");
        double? timeout = section.Has("timeout_seconds") ? section.GetDouble("timeout_seconds", 0) : null;
        if (timeout is <= 0)
            throw new ConfigKeyException(section.Key("timeout_seconds"), $"must be positive, got {timeout}");
        return new ExternalModel(command, workdir, environment, JsonSerializer.Serialize(parameters.Values),
                                 timeout is { } s ? TimeSpan.FromSeconds(s) : null);
    }

    /// <summary>The program and its arguments: the command split at white space, with '…' and "…" quoting.</summary>
    public IReadOnlyList<string> Arguments => Words(Command);

    /// <summary>The folder the model runs in: <see cref="WorkingDirectory"/>, or NmfGrid's own.</summary>
    public string Folder => Path.GetFullPath(WorkingDirectory is { Length: > 0 } w ? w : Directory.GetCurrentDirectory());

    /// <summary>What makes two processes interchangeable: same command, folder and environment (parameters travel with each job).</summary>
    public string LaunchKey => string.Join("\0", [Command, Folder, .. Environment.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")]);

    /// <summary>
    /// What cached factors depend on besides V and the options: the launch key, the parameters, and the content of
    /// every argument that names a file in the folder (the model's script), so editing the script invalidates them.
    /// Files the script imports are not followed.
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder(LaunchKey).Append('\0').Append(ParametersJson);
        var arguments = Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            // The program itself only when it is given as a path (./model), not when PATH finds it (python3).
            var word = arguments[i];
            var path = Path.Combine(Folder, word);
            if ((i > 0 || word.Contains('/')) && File.Exists(path))
                text.Append('\0').Append(word).Append(':').Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string[] Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in command)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else word.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quote is not null)
            throw new FormatException($"unclosed {quote} quote in '{command}'");
        if (inWord) words.Add(word.ToString());
        return [.. words];
    }
}
