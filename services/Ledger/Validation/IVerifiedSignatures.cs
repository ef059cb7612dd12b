namespace AspireChain.Ledger;

/// <summary>
/// Transfers whose signature a party the caller trusts has already verified (by transaction id: the id covers the signed
/// bytes and the signature), so a block's check need not verify them again.
/// </summary>
public interface IVerifiedSignatures
{
    /// <summary>Whether the signature of transaction <paramref name="id"/> is known to verify.</summary>
    bool Contains(Hash256 id);
}
