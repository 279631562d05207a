using System.Globalization;
using System.Text;
using System.Text.Json;
using NmfGrid.Compute.Algorithms;

namespace NmfGrid.Tasks.External;

/// <summary>One job's request to an external model: where its matrices lie, where W and H go, and the job's settings.</summary>
public sealed record ExternalRequest(string Id, string V, string W0, string H0, string W, string H, NmfOptions Options, string ParametersJson);

/// <summary>A model's answer to one request: the files it wrote, how far it went, and the losses it chose to report.</summary>
public sealed record ExternalReply(string W, string H, int Iterations, bool? Converged, IReadOnlyList<LossPoint> LossHistory);

/// <summary>
/// The line protocol between NmfGrid and an external model, version <see cref="Version"/> (docs/extending.md has the full
/// specification). Every message is one JSON object on one line and carries "protocol": the model greets once with
/// {"protocol":1,"ready":true}; then per job NmfGrid writes a request on the model's stdin and the model writes one
/// reply on its stdout, either the paths of W.npy and H.npy with the iterations run, or {"error": "…"}.
/// Matrices travel as float64 .npy files in a folder private to the job.
/// </summary>
public static class ExternalProtocol
{
    public const int Version = 1;

    /// <summary>The settings every request carries beside "params"; a model parameter may not take one of these names.</summary>
    public static readonly string[] JobKeys =
        ["rank", "beta", "max_iter", "tol", "stopping", "seed", "alpha_W", "alpha_H", "l1_ratio", "fix_W", "fix_H", "fixed_templates"];

    /// <summary>The request as one line of JSON (no line break).</summary>
    public static string Write(ExternalRequest request)
    {
        var o = request.Options;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("protocol", Version);
            json.WriteString("id", request.Id);
            json.WriteString("V", request.V);
            json.WriteString("W0", request.W0);
            json.WriteString("H0", request.H0);
            json.WriteString("W", request.W);
            json.WriteString("H", request.H);
            json.WriteNumber("rank", o.Rank);
            json.WriteNumber("beta", o.Beta);
            json.WriteNumber("max_iter", o.MaxIterations);
            json.WriteNumber("tol", o.Tolerance);
            json.WriteString("stopping", o.Stopping == StoppingRule.NnFac ? "nnfac" : "sklearn");
            json.WriteNumber("seed", o.Seed);
            json.WriteNumber("alpha_W", o.AlphaW);
            json.WriteNumber("alpha_H", o.AlphaH);
            json.WriteNumber("l1_ratio", o.L1Ratio);
            json.WriteBoolean("fix_W", o.FixW);
            json.WriteBoolean("fix_H", o.FixH);
            json.WriteStartArray("fixed_templates");
            foreach (var column in o.FixedTemplates) json.WriteNumberValue(column);
            json.WriteEndArray();
            json.WritePropertyName("params");
            json.WriteRawValue(request.ParametersJson);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Checks the greeting a model writes when it starts: a JSON object of this protocol version with "ready": true.</summary>
    /// <exception cref="ExternalModelException">anything else, quoted.</exception>
    public static void ReadGreeting(string line, string command)
    {
        using var document = Parse(line, command, "greeting");
        var root = document.RootElement;
        CheckVersion(root, line, command);
        if (!root.TryGetProperty("ready", out var ready) || ready.ValueKind != JsonValueKind.True)
            throw new ExternalModelException(command, $"its greeting lacks \"ready\": true: {Quote(line)}");
    }

    /// <summary>Reads the reply to request <paramref name="id"/>.</summary>
    /// <exception cref="ExternalModelException">not JSON, another version or request, an error reply, or a field missing or of the wrong type.</exception>
    public static ExternalReply ReadReply(string line, string id, string command)
    {
        using var document = Parse(line, command, "reply");
        var root = document.RootElement;
        CheckVersion(root, line, command);
        if (!root.TryGetProperty("id", out var replyId) || replyId.ValueKind != JsonValueKind.String || replyId.GetString() != id)
            throw new ExternalModelException(command, $"replied to another request than '{id}': {Quote(line)}");
        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            throw new ExternalModelException(command, $"reported an error: {(error.ValueKind == JsonValueKind.String ? error.GetString() : error.GetRawText())}",
                                             reportedByModel: true);

        string Path(string name) =>
            root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } s
                ? s
                : throw new ExternalModelException(command, $"its reply lacks \"{name}\" (the path of {name}.npy): {Quote(line)}");
        var w = Path("W");
        var h = Path("H");
        if (!root.TryGetProperty("iterations", out var n) || !n.TryGetInt32(out var iterations) || iterations < 0)
            throw new ExternalModelException(command, $"its reply lacks \"iterations\" (a whole number ≥ 0): {Quote(line)}");
        bool? converged = root.TryGetProperty("converged", out var c) && c.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? c.GetBoolean()
            : null;
        return new ExternalReply(w, h, iterations, converged, LossHistory(root, line, command));
    }

    /// <summary>"loss_history": optional, a list of [iteration, loss] pairs (loss null when not a number).</summary>
    private static LossPoint[] LossHistory(JsonElement root, string line, string command)
    {
        if (!root.TryGetProperty("loss_history", out var history) || history.ValueKind == JsonValueKind.Null)
            return [];
        var points = new List<LossPoint>();
        if (history.ValueKind == JsonValueKind.Array)
        {
            foreach (var point in history.EnumerateArray())
            {
                if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2
                    || !point[0].TryGetInt32(out var iteration) || !TryNumber(point[1], out var loss))
                    break;
                points.Add(new LossPoint(iteration, loss));
            }
            if (points.Count == history.GetArrayLength())
                return [.. points];
        }
        throw new ExternalModelException(command, $"its \"loss_history\" is not a list of [iteration, loss] pairs: {Quote(line)}");
    }

    // JSON has no NaN: a loss that is not a number travels as null.
    private static bool TryNumber(JsonElement e, out double value)
    {
        value = double.NaN;
        return e.ValueKind == JsonValueKind.Null || (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out value));
    }

    private static JsonDocument Parse(string line, string command, string what)
    {
        try
        {
            var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                return document;
            document.Dispose();
        }
        catch (JsonException)
        {
        }
        throw new ExternalModelException(command, $"wrote a line that is not a protocol {what} (one JSON object per line): {Quote(line)}");
    }

    private static void CheckVersion(JsonElement root, string line, string command)
    {
        if (!root.TryGetProperty("protocol", out var version) || !version.TryGetInt32(out var v))
            throw new ExternalModelException(command, $"its message lacks \"protocol\": {Quote(line)}");
        if (v != Version)
            throw new ExternalModelException(command, $"speaks protocol version {v}; this NmfGrid speaks version {Version}");
    }

    /// <summary>The line as the error shows it: at most 200 characters.</summary>
    private static string Quote(string line) =>
        line.Length <= 200 ? $"'{line}'" : string.Create(CultureInfo.InvariantCulture, $"'{line[..200]}…' ({line.Length} characters)");
}
