using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NmfGrid.Coordinator.Config;

/// <summary>
/// A config tree as JSON with keys sorted and numbers in round-trip form, so equal configs give equal
/// bytes, and hence equal ids, on every machine.
/// </summary>
public static class CanonicalJson
{
    public static string Write(object? value, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteValue(writer, value);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>First 16 hex digits of SHA-256 over the canonical JSON of the parts, joined by newlines.</summary>
    public static string Hash(params object?[] parts)
    {
        var text = string.Join("\n", parts.Select(p => p as string ?? Write(p)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case IReadOnlyDictionary<string, object?> dictionary: // a ConfigMap, or a config section as tasks read it
                writer.WriteStartObject();
                foreach (var key in dictionary.Keys.Order(StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, dictionary[key]);
                }
                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteRawValue(ScalarText.Format(d));
                break;
            default:
                writer.WriteStringValue(ScalarText.Format(value));
                break;
        }
    }
}
