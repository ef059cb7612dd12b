namespace AspireChain.Ledger;

/// <summary>Thrown by the throwing parse helpers; carries the same typed reason the Try forms return.</summary>
public sealed class LedgerFormatException : FormatException
{
    /// <summary>Wraps a failed parse result.</summary>
    public LedgerFormatException(ValidationResult result) : base(result.ToString()) => Result = result;

    /// <summary>Needed by the exception pattern; prefer the result constructor.</summary>
    public LedgerFormatException() : this(ValidationResult.Fail(RejectReason.Malformed, "malformed")) { }

    /// <summary>Needed by the exception pattern; prefer the result constructor.</summary>
    public LedgerFormatException(string message) : base(message) => Result = ValidationResult.Fail(RejectReason.Malformed, message);

    /// <summary>Needed by the exception pattern; prefer the result constructor.</summary>
    public LedgerFormatException(string message, Exception innerException) : base(message, innerException) =>
        Result = ValidationResult.Fail(RejectReason.Malformed, message);

    /// <summary>Why parsing failed.</summary>
    public ValidationResult Result { get; }
}
