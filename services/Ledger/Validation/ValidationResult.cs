namespace AspireChain.Ledger;

/// <summary>The outcome of a validation rule: valid, or a typed reason with a human detail. Rules return it instead of throwing.</summary>
public readonly record struct ValidationResult(RejectReason Reason, string? Detail)
{
    /// <summary>The valid outcome.</summary>
    public static ValidationResult Ok => default;

    /// <summary>True when no rule was broken.</summary>
    public bool IsValid => Reason == RejectReason.None;

    /// <summary>The stable kebab-case code (e.g. <c>high-hash</c>).</summary>
    public string Code => Reason.ToCode();

    /// <summary>A refusal with a reason and a detail for humans.</summary>
    public static ValidationResult Fail(RejectReason reason, string detail) => new(reason, detail);

    /// <inheritdoc />
    public override string ToString() => IsValid ? "ok" : $"{Code}: {Detail}";
}
