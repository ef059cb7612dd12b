using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>The part of ChainQuery's <c>/transactions/{id}</c> answer the tests read.</summary>
internal sealed record TransactionStatusView(string Id, string Status, long? Height, string? BlockHash, string? Reason, string? Detail);

/// <summary>The part of ChainQuery's <c>/addresses/{address}</c> answer the tests read.</summary>
internal sealed record AccountView(string Address, long Balance, long Nonce);

/// <summary>A ChainQuery verification run (<c>POST /chain/verify</c>, <c>GET /chain/verify/{id}</c>).</summary>
internal sealed record ChainVerificationView(
    long Id,
    string State,
    bool Valid,
    string Mode,
    long FromHeight,
    long ToHeight,
    long Height,
    long BlocksChecked,
    long BlocksTotal,
    long TransfersChecked,
    long StartedAtMs,
    long? FinishedAtMs,
    long? FirstBadHeight,
    string? Reason,
    string? Detail)
{
    public bool IsRunning => State == "running";
}

/// <summary>One block of ChainQuery's <c>/chain</c> listing.</summary>
internal sealed record BlockSummaryView(long Height, string Hash, string PreviousHash, int TransactionCount);

/// <summary>One page of ChainQuery's <c>/chain</c> listing.</summary>
internal sealed record ChainPageView(IReadOnlyList<BlockSummaryView> Items, int PageNumber, int PageSize, long Total);

/// <summary>One fault ChainQuery met while following <c>blocks</c> (<c>/chain/faults</c>).</summary>
internal sealed record FollowFaultView(string Kind, long? Offset, long? Height, string? Hash, string Reason, string Detail);

/// <summary>One item of TransactionIngest's batch answer.</summary>
internal sealed record BatchItemView(int Index, string? Id, string Status, int StatusCode);

/// <summary>TransactionIngest's batch answer (202, or 200 when some items were refused or unavailable).</summary>
internal sealed record BatchReceiptView(int Accepted, int Rejected, int Unavailable, IReadOnlyList<BatchItemView> Items);

/// <summary>An RFC 9457 problem document with the <c>rule</c> extension every AspireChain service adds.</summary>
internal sealed record ProblemView(string? Type, string? Title, int? Status, string? Detail, string? Rule);

/// <summary>A miner's <c>GET /miner</c> answer: its mempool and the <c>transactions</c> partitions it owns.</summary>
internal sealed record MinerStatusView(
    string Instance,
    string RewardAddress,
    long Height,
    string TipHash,
    int Mempool,
    IReadOnlyList<int> Partitions,
    int Held = 0,
    long RejectionsWaiting = 0,
    long SignaturesAttested = 0,
    long SignaturesVerified = 0);

/// <summary>The Validator's <c>GET /validator</c> answer.</summary>
internal sealed record ValidatorStatusView(
    long Height,
    string TipHash,
    long NextCandidateOffset,
    long NextBlocksOffset,
    bool Active,
    string? NotActiveReason = null,
    PublishedSnapshotView? LastSnapshot = null,
    long SignaturesVerified = 0);

/// <summary>The last state snapshot a Validator published and what it cost (<c>GET /validator</c>).</summary>
internal sealed record PublishedSnapshotView(long Height, long Bytes, int Chunks, int Accounts, double CaptureMs, double PublishMs, long BlocksOffset);

/// <summary>One fault a reader of <c>blocks</c> recorded (<c>/following</c>).</summary>
internal sealed record ReaderFaultView(string Kind, long? Offset, long? Height, string? Hash, string Reason, string Detail);

/// <summary>Any reader's <c>GET /following</c>: its followed tip, cursor, progress and newest faults.</summary>
internal sealed record FollowingView(long Height, string TipHash, long NextOffset, long Lag, bool CaughtUp, string? Halted, int RestoredBlocks, long Faults, IReadOnlyList<ReaderFaultView> RecentFaults);

/// <summary>One check of <c>GET /health/report</c>.</summary>
internal sealed record HealthCheckView(string Status, string? Description);

/// <summary>Any service's <c>GET /health/report</c>: the overall status and what each check says.</summary>
internal sealed record HealthReportView(string Status, IReadOnlyDictionary<string, HealthCheckView> Checks);

/// <summary>Source-generated JSON for the service answers the tests read (web defaults, as the services write them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TransactionStatusView))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(ChainVerificationView))]
[JsonSerializable(typeof(ChainPageView))]
[JsonSerializable(typeof(IReadOnlyList<FollowFaultView>))]
[JsonSerializable(typeof(BatchReceiptView))]
[JsonSerializable(typeof(ProblemView))]
[JsonSerializable(typeof(MinerStatusView))]
[JsonSerializable(typeof(ValidatorStatusView))]
[JsonSerializable(typeof(FollowingView))]
[JsonSerializable(typeof(HealthReportView))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;
