using System.Text.Json;
using System.Text.Json.Serialization;
using AspireChain.ChainQuery.Apis;
using AspireChain.ChainQuery.Storage;
using AspireChain.Following;

namespace AspireChain.ChainQuery.Apis;

/// <summary>Source-generated JSON for every type ChainQuery's API writes (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BlockSummary))]
[JsonSerializable(typeof(Page<BlockSummary>))]
[JsonSerializable(typeof(BlockDetails))]
[JsonSerializable(typeof(BlockLifecycle))]
[JsonSerializable(typeof(IReadOnlyList<BlockLifecycle>))]
[JsonSerializable(typeof(TransactionStatus))]
[JsonSerializable(typeof(AddressDetails))]
[JsonSerializable(typeof(ChainStats))]
[JsonSerializable(typeof(ChainVerificationRun))]
[JsonSerializable(typeof(ServiceDescription))]
[JsonSerializable(typeof(IReadOnlyList<FollowFault>))]
[JsonSerializable(typeof(NetworkDescription))] // written by NetworkJsonContext; here so the OpenAPI document's schemas come from source-generated metadata too
[JsonSerializable(typeof(FollowingView))]
public sealed partial class ChainQueryJsonContext : JsonSerializerContext;
