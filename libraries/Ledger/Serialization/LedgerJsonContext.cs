using System.Text.Json.Serialization;

namespace AspireChain.Ledger;

/// <summary>Source-generated, strict (unknown members, duplicates and missing required members are errors) JSON metadata for the ledger wire forms.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 8)]
[JsonSerializable(typeof(TransactionJson))]
[JsonSerializable(typeof(BlockJson))]
[JsonSerializable(typeof(AcceptedBlockJson))]
public sealed partial class LedgerJsonContext : JsonSerializerContext;
