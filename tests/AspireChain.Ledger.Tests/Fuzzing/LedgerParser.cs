namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>One parser of untrusted bytes, wrapped so every outcome is a <see cref="ValidationResult"/> and every success is round-trip checked.</summary>
/// <param name="Name">Short name, also the prefix of the corpus files aimed at this parser.</param>
/// <param name="Parse">Parses, checks a success round-trips, and returns the result; throwing is the bug being hunted.</param>
internal sealed record LedgerParser(string Name, Func<byte[], ValidationResult> Parse)
{
    public override string ToString() => Name;
}
