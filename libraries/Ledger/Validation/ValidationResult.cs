namespace AspireChain.Ledger;

/// <summary>
/// The outcome of a validation rule: valid, or a typed reason with a human detail and, when one transfer broke the rule,
/// that transfer's id (so whoever built the block can drop it). Rules return it instead of throwing.
/// </summary>
public readonly record struct ValidationResult(RejectReason Reason, string? Detail, Hash256? Transaction = null)
{
    /// <summary>The valid outcome.</summary>
    public static ValidationResult Ok => default;

    /// <summary>True when no rule was broken.</summary>
    public bool IsValid => Reason == RejectReason.None;

    /// <summary>The stable kebab-case code (e.g. <c>high-hash</c>).</summary>
    public string Code => Reason.ToCode();

    /// <summary>A refusal with a reason and a detail for humans.</summary>
    public static ValidationResult Fail(RejectReason reason, string detail) => new(reason, detail);

    /// <summary>A refusal caused by one transfer, named by its id.</summary>
    public static ValidationResult Fail(RejectReason reason, string detail, Hash256 transaction) => new(reason, detail, transaction);

    /// <inheritdoc />
    public override string ToString() => IsValid ? "ok" : $"{Code}: {Detail}";
}
