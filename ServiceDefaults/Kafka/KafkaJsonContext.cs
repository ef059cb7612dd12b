using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>Source-generated JSON for the message contracts owned by ServiceDefaults (camelCase on the wire).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Rejection))]
public sealed partial class KafkaJsonContext : JsonSerializerContext;
