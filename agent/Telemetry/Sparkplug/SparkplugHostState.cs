using System.Text.Json;

namespace NodeAgent.Telemetry.Sparkplug;

/// <summary>
/// A primary host application's STATE payload: UTF-8 JSON <c>{"online": true|false, "timestamp": &lt;ms&gt;}</c>
/// (Sparkplug 3.0.0 ch. 5, tck-id-operational-behavior-host-application-connect-birth-payload and
/// -connect-will-payload; the timestamp is UTC milliseconds since the epoch).
/// </summary>
/// <param name="Online">Whether the host is online.</param>
/// <param name="Timestamp">The host's timestamp, used to discard STATE messages older than the last one seen.</param>
public readonly record struct SparkplugHostState(bool Online, long Timestamp)
{
    /// <summary>Parses a STATE payload; false (never an exception) for anything but the JSON object above.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out SparkplugHostState state)
    {
        state = default;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 4 });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("online", out JsonElement online)
                || online.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                || !root.TryGetProperty("timestamp", out JsonElement timestamp)
                || !timestamp.TryGetInt64(out long ms))
            {
                return false;
            }

            state = new SparkplugHostState(online.GetBoolean(), ms);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
