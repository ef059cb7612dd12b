using System.Text.Json;
using System.Text.Json.Serialization;
using AspireChain.Ledger;
using AspireChain.TransactionIngest.Apis;

namespace AspireChain.TransactionIngest.Apis;

/// <summary>Source-generated JSON for every type the ingest API writes (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TransactionReceipt))]
[JsonSerializable(typeof(BatchReceipt))]
[JsonSerializable(typeof(BatchItemResult[]))]
[JsonSerializable(typeof(ServiceDescription))]
[JsonSerializable(typeof(TransactionJson))] // request bodies, described in the OpenAPI document
[JsonSerializable(typeof(TransactionJson[]))]
public sealed partial class IngestJsonContext : JsonSerializerContext;
