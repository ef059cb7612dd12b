using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.Contracts.Messages;

/// <summary>Source-generated JSON for the message contracts owned by ServiceDefaults (camelCase on the wire; duplicate members and deep nesting refused on read).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 8)]
[JsonSerializable(typeof(Rejection))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
