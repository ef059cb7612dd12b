using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.LoadGenerator.Services;

/// <summary>The part of ChainQuery's <c>/transactions/{id}</c> answer the load generator reads.</summary>
public sealed record TransactionStatusView(string Id, string Status, long? Height, string? Reason, string? Detail);

/// <summary>The part of ChainQuery's <c>/addresses/{address}</c> answer the load generator reads (nonce = next nonce).</summary>
public sealed record AccountView(string Address, long Balance, long Nonce);

/// <summary>The part of ChainQuery's <c>/stats</c> answer the load generator reads.</summary>
public sealed record ChainStatsView(long Height, long TransactionCount, long PendingTransactions, long RejectedTransactions);

/// <summary>One item of TransactionIngest's batch answer.</summary>
public sealed record BatchItemView(int Index, string? Id, string Status, int StatusCode);

/// <summary>TransactionIngest's batch answer.</summary>
public sealed record BatchReceiptView(int Accepted, int Rejected, int Unavailable, IReadOnlyList<BatchItemView> Items);

/// <summary>An RFC 9457 problem with the <c>rule</c> extension every AspireChain service adds.</summary>
public sealed record ProblemView(string? Title, int? Status, string? Detail, string? Rule);

/// <summary>Source-generated JSON for the service answers (web defaults, as the services write them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TransactionStatusView))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(ChainStatsView))]
[JsonSerializable(typeof(BatchReceiptView))]
[JsonSerializable(typeof(ProblemView))]
public sealed partial class ServiceJsonContext : JsonSerializerContext;
