using System.Text.Json;
using System.Text.Json.Serialization;

namespace NmfGrid.Coordinator.Web;

/// <summary>The JSON API's conventions: camelCase names, enums by name, and NaN or an infinity (a metric no job had) as null.</summary>
public static class WebJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // Messages keep their quotes readable ('sweep-x', not \u0027sweep-x\u0027); the API is never inlined into a page.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new FiniteOrNull(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private sealed class FiniteOrNull : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
