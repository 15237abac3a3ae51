using System.Text.Json;
using System.Text.Json.Serialization;

namespace NodeAgent.KeyDelivery.Etsi;

// The JSON data formats of ETSI GS QKD 014 V1.1.1, clause 6, with the standard's field names. Unknown fields in
// requests are ignored (System.Text.Json's default), as the standard asks of receivers.

/// <summary>Status (clause 6.1).</summary>
public sealed record EtsiStatus(
    [property: JsonPropertyName("source_KME_ID")] string SourceKmeId,
    [property: JsonPropertyName("target_KME_ID")] string TargetKmeId,
    [property: JsonPropertyName("master_SAE_ID")] string MasterSaeId,
    [property: JsonPropertyName("slave_SAE_ID")] string SlaveSaeId,
    [property: JsonPropertyName("key_size")] int KeySize,
    [property: JsonPropertyName("stored_key_count")] int StoredKeyCount,
    [property: JsonPropertyName("max_key_count")] int MaxKeyCount,
    [property: JsonPropertyName("max_key_per_request")] int MaxKeyPerRequest,
    [property: JsonPropertyName("max_key_size")] int MaxKeySize,
    [property: JsonPropertyName("min_key_size")] int MinKeySize,
    [property: JsonPropertyName("max_SAE_ID_count")] int MaxSaeIdCount);

/// <summary>Key request (clause 6.2).</summary>
public sealed class EtsiKeyRequest
{
    [JsonPropertyName("number")]
    public int? Number { get; set; }

    [JsonPropertyName("size")]
    public int? Size { get; set; }

    [JsonPropertyName("additional_slave_SAE_IDs")]
    public List<string>? AdditionalSlaveSaeIds { get; set; }

    [JsonPropertyName("extension_mandatory")]
    public List<JsonElement>? ExtensionMandatory { get; set; }

    [JsonPropertyName("extension_optional")]
    public List<JsonElement>? ExtensionOptional { get; set; }
}

/// <summary>Key container (clause 6.3).</summary>
public sealed record EtsiKeyContainer([property: JsonPropertyName("keys")] IReadOnlyList<EtsiKey> Keys);

/// <summary>One key of a container: its ID and the key bytes in base64.</summary>
public sealed record EtsiKey(
    [property: JsonPropertyName("key_ID")] string KeyId,
    [property: JsonPropertyName("key")] string Key);

/// <summary>Key IDs (clause 6.4).</summary>
public sealed class EtsiKeyIds
{
    [JsonPropertyName("key_IDs")]
    public List<EtsiKeyIdEntry>? KeyIds { get; set; }
}

/// <summary>One entry of Key IDs.</summary>
public sealed class EtsiKeyIdEntry
{
    [JsonPropertyName("key_ID")]
    public string? KeyId { get; set; }

    [JsonPropertyName("key_ID_extension")]
    public JsonElement? KeyIdExtension { get; set; }
}

/// <summary>Error (clause 6.5).</summary>
public sealed record EtsiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Dictionary<string, string>>? Details = null);
