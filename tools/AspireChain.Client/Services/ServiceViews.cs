using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.Client.Services;

/// <summary>ChainQuery's <c>/transactions/{id}</c> answer: pending, confirmed (height, block, confirmations) or rejected (reason, detail).</summary>
public sealed record TransactionStatusView(
    string Id,
    string Status,
    long? Height,
    string? Reason,
    string? Detail,
    string? BlockHash = null,
    long? Confirmations = null,
    string? Sender = null,
    string? Recipient = null,
    long? Amount = null,
    long? Fee = null,
    long? Nonce = null)
{
    /// <summary>The status word of a transfer in a block.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The status word of a transfer a miner or the Validator refused.</summary>
    public const string Rejected = "rejected";

    /// <summary>The status word of a transfer seen on <c>transactions</c> but in no block yet.</summary>
    public const string Pending = "pending";

    /// <summary>Confirmed or rejected: nothing more will happen to it.</summary>
    [JsonIgnore]
    public bool IsFinal => Status is Confirmed or Rejected;
}

/// <summary>One line of an address's history: a confirmed transfer it sent (<c>out</c>) or received (<c>in</c>).</summary>
public sealed record AddressHistoryView(string TransactionId, long Height, string Direction, string? Counterparty, long Amount, long Fee);

/// <summary>One page of an address's history.</summary>
public sealed record AddressHistoryPageView(IReadOnlyList<AddressHistoryView> Items, int PageNumber, int PageSize, long Total);

/// <summary>ChainQuery's <c>/addresses/{address}</c> answer (nonce = the next nonce the account signs with).</summary>
public sealed record AccountView(string Address, long Balance, long Nonce, long TransactionCount = 0, AddressHistoryPageView? History = null);

/// <summary>The part of ChainQuery's <c>/stats</c> answer the clients read.</summary>
public sealed record ChainStatsView(long Height, long TransactionCount, long PendingTransactions, long RejectedTransactions);

/// <summary>
/// A ChainQuery verification run (<c>POST /chain/verify</c> starts one, <c>GET /chain/verify/{id}</c> reads it): its
/// state (<c>running</c>, <c>valid</c>, <c>invalid</c>, <c>interrupted</c>, <c>failed</c>), progress
/// (<see cref="BlocksChecked"/> of <see cref="BlocksTotal"/>) and verdict.
/// </summary>
public sealed record ChainVerificationView(
    bool Valid,
    long Height,
    long BlocksChecked,
    long? FirstBadHeight,
    string? Reason,
    string? Detail,
    long Id = 0,
    string State = "",
    string? Mode = null,
    long? CheckpointHeight = null,
    long FromHeight = 0,
    long ToHeight = -1,
    long BlocksTotal = 0,
    long TransfersChecked = 0,
    long DurationMs = 0)
{
    /// <summary>The state of a run still checking blocks.</summary>
    public const string Running = "running";

    /// <summary>The state of a run that found a block, the checkpoint or the read model wrong.</summary>
    public const string Invalid = "invalid";

    /// <summary>Still checking blocks.</summary>
    [JsonIgnore]
    public bool IsRunning => State == Running;
}

/// <summary>ChainQuery's <c>/network</c> answer: which chain the services run, so a client signs for the right one.</summary>
public sealed record NetworkView(string Name, uint ChainId, ulong UnitsPerCoin, string? FaucetAddress);

/// <summary>A block summary as ChainQuery's listing and its <c>/events/blocks</c> stream carry it.</summary>
public sealed record BlockSummaryView(long Height, string Hash, string PreviousHash, long TimestampMs, int TransactionCount, double Difficulty, string Miner);

/// <summary>One event of <c>/events/blocks</c>: <c>tip</c> (the current tip, first) or <c>block</c> (newly applied).</summary>
public sealed record BlockEventView(string EventType, BlockSummaryView Block);

/// <summary>One item of TransactionIngest's batch answer.</summary>
public sealed record BatchItemView(int Index, string? Id, string Status, int StatusCode, ProblemView? Problem = null);

/// <summary>TransactionIngest's batch answer.</summary>
public sealed record BatchReceiptView(int Accepted, int Rejected, int Unavailable, IReadOnlyList<BatchItemView> Items);

/// <summary>An RFC 9457 problem with the <c>rule</c> extension every AspireChain service adds.</summary>
public sealed record ProblemView(string? Title, int? Status, string? Detail, string? Rule);

/// <summary>Source-generated JSON for the service answers (web defaults, as the services write them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TransactionStatusView))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(ChainStatsView))]
[JsonSerializable(typeof(ChainVerificationView))]
[JsonSerializable(typeof(NetworkView))]
[JsonSerializable(typeof(BlockSummaryView))]
[JsonSerializable(typeof(BatchReceiptView))]
[JsonSerializable(typeof(ProblemView))]
public sealed partial class ServiceJsonContext : JsonSerializerContext;
