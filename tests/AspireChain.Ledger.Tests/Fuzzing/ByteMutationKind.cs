namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>What can happen to the encoded bytes afterwards (most documents keep them as they are).</summary>
internal enum ByteMutationKind
{
    None,
    Truncate,
    TrailingGarbage,
    InvalidUtf8,
    Empty,
}
