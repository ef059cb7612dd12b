using System.Collections.Frozen;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace AspireChain.TransactionIngest.Admission;

/// <summary>
/// The RFC 9457 problem documents of the ingest edge: one type URI per rule (<c>…/problems/{code}</c>, the same
/// kebab-case codes the Ledger and the <c>rejections</c> topic use), a title per rule, a detail naming the field.
/// </summary>
public static class IngestProblems
{
    /// <summary>Base of every problem type URI.</summary>
    public const string TypeBase = "https://aspirechain.dev/problems/";

    /// <summary>Rule code of a body that is not JSON or not a transaction's JSON shape (the Ledger's <c>malformed</c>).</summary>
    public const string MalformedJson = "malformed";

    /// <summary>Rule code of a request whose Content-Type is not JSON.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>Rule code of a body over the endpoint's size limit.</summary>
    public const string BodyTooLarge = "body-too-large";

    /// <summary>Rule code of a batch with more items than allowed, or none.</summary>
    public const string BadBatchSize = "bad-batch-size";

    /// <summary>Rule code of a client over its request rate.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>Rule code of a valid transaction the broker did not acknowledge.</summary>
    public const string BrokerUnavailable = "broker-unavailable";

    /// <summary>Rule code of a valid transaction refused because the miners are too far behind for the log to keep it safely.</summary>
    public const string BacklogFull = "backlog-full";

    private static readonly FrozenDictionary<string, (string Title, string Field)> Rules = new Dictionary<string, (string, string)>
    {
        [UnsupportedMediaType] = ("Transactions are accepted as application/json only.", "Content-Type"),
        [BodyTooLarge] = ("The request body exceeds this endpoint's size limit.", "body"),
        [BadBatchSize] = ("The batch is empty or holds more transactions than allowed.", "body"),
        [RateLimited] = ("Too many requests; retry after the indicated delay.", "request"),
        [BrokerUnavailable] = ("The transaction log cannot take writes right now; retry after the indicated delay.", "broker"),
        [BacklogFull] = ("The chain is behind: more transactions wait than the log keeps safely; retry after the indicated delay.", "backlog"),
        [RejectReason.Malformed.ToCode()] = ("The body is not a well-formed transaction document.", "body"),
        [RejectReason.Oversize.ToCode()] = ("The transaction exceeds the size limit.", "body"),
        [RejectReason.BadPublicKey.ToCode()] = ("The sender public key is not a valid P-256 point.", "from"),
        [RejectReason.BadTxId.ToCode()] = ("The stated id does not match the transaction.", "id"),
        [RejectReason.BadSignature.ToCode()] = ("The signature does not verify.", "signature"),
        [RejectReason.BadChainId.ToCode()] = ("The transaction is signed for another network.", "chainId"),
        [RejectReason.BadAmount.ToCode()] = ("The amount must be positive.", "amount"),
        [RejectReason.AmountOverflow.ToCode()] = ("Amount plus fee overflows.", "fee"),
        [RejectReason.UnexpectedCoinbase.ToCode()] = ("A coinbase cannot be submitted.", "kind"),
        [RejectReason.SelfTransfer.ToCode()] = ("Sender and recipient are the same account.", "to"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every rule the ingest edge answers with, with its statuses, for the OpenAPI document (sorted by code).</summary>
    public static IReadOnlyList<ProblemRule> Catalog { get; } =
        [.. Rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ProblemRule(r.Key, r.Value.Title, StatusesOf(r.Key), Validation: true))];

    /// <summary>The rules of <paramref name="codes"/> from <see cref="Catalog"/>.</summary>
    public static ProblemRule[] RulesOf(params string[] codes) => [.. codes.Select(code => Catalog.Single(r => r.Code == code))];

    /// <summary>The type URI of a rule.</summary>
    public static string TypeOf(string code) => TypeBase + code;

    /// <summary>A problem for rule <paramref name="code"/> with HTTP <paramref name="status"/>; <paramref name="field"/> overrides the rule's usual field.</summary>
    public static HttpValidationProblemDetails Create(string code, int status, string detail, string? field = null)
    {
        var (title, ruleField) = Rules.TryGetValue(code, out var rule) ? rule : ($"The transaction breaks rule '{code}'.", "body");
        field ??= ruleField;
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"{code}: {detail}"] })
        {
            Type = TypeOf(code),
            Title = title,
            Status = status,
            Detail = $"{field}: {detail}",
            Extensions = { ["rule"] = code },
        };
    }

    // The statuses Create is called with for each rule (ForRule: 413 for oversize, 400 otherwise).
    private static int[] StatusesOf(string code) => code switch
    {
        UnsupportedMediaType => [StatusCodes.Status415UnsupportedMediaType],
        BodyTooLarge => [StatusCodes.Status413PayloadTooLarge],
        BadBatchSize => [StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge],
        RateLimited => [StatusCodes.Status429TooManyRequests],
        BrokerUnavailable or BacklogFull => [StatusCodes.Status503ServiceUnavailable],
        _ when code == RejectReason.Oversize.ToCode() => [StatusCodes.Status413PayloadTooLarge],
        _ => [StatusCodes.Status400BadRequest],
    };

    /// <summary>400 for a Ledger rule a transaction broke (oversize is 413).</summary>
    public static HttpValidationProblemDetails ForRule(ValidationResult result) =>
        Create(
            result.Code,
            result.Reason == RejectReason.Oversize ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            result.Detail ?? result.Code);
}
