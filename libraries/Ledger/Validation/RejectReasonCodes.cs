using System.Collections.Frozen;

namespace AspireChain.Ledger;

/// <summary>The one mapping between <see cref="RejectReason"/> and its stable wire code, so every service writes the same strings.</summary>
public static class RejectReasonCodes
{
    private static readonly FrozenDictionary<RejectReason, string> Codes = new Dictionary<RejectReason, string>
    {
        [RejectReason.None] = "ok",
        [RejectReason.Malformed] = "malformed",
        [RejectReason.Oversize] = "oversize",
        [RejectReason.BadPublicKey] = "bad-public-key",
        [RejectReason.BadTxId] = "bad-txid",
        [RejectReason.BadBlockHash] = "bad-block-hash",
        [RejectReason.BadSignature] = "bad-signature",
        [RejectReason.BadChainId] = "bad-chain-id",
        [RejectReason.BadNonce] = "bad-nonce",
        [RejectReason.InsufficientFunds] = "insufficient-funds",
        [RejectReason.AmountOverflow] = "amount-overflow",
        [RejectReason.BadAmount] = "bad-amount",
        [RejectReason.DuplicateTx] = "duplicate-tx",
        [RejectReason.UnexpectedCoinbase] = "unexpected-coinbase",
        [RejectReason.SelfTransfer] = "self-transfer",
        [RejectReason.HighHash] = "high-hash",
        [RejectReason.BadTarget] = "bad-target",
        [RejectReason.BadPrevBlock] = "bad-prevblk",
        [RejectReason.BadHeight] = "bad-height",
        [RejectReason.BadVersion] = "bad-version",
        [RejectReason.TimeTooOld] = "time-too-old",
        [RejectReason.TimeTooNew] = "time-too-new",
        [RejectReason.BadMerkleRoot] = "bad-txnmrklroot",
        [RejectReason.BadStateRoot] = "bad-state-root",
        [RejectReason.BadBlockLength] = "bad-blk-length",
        [RejectReason.BadCoinbaseMissing] = "bad-cb-missing",
        [RejectReason.BadCoinbaseMultiple] = "bad-cb-multiple",
        [RejectReason.BadCoinbaseAmount] = "bad-cb-amount",
        [RejectReason.BadCoinbaseHeight] = "bad-cb-height",
        [RejectReason.Stale] = "stale",
        [RejectReason.BadValidatorSignature] = "bad-validator-signature",
        [RejectReason.UnknownValidator] = "unknown-validator",
        [RejectReason.MissingChunk] = "missing-chunk",
        [RejectReason.BadSnapshot] = "bad-snapshot",
        [RejectReason.TooManyPending] = "too-many-pending",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, RejectReason> Reasons = Codes.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The stable kebab-case code of a reason.</summary>
    public static string ToCode(this RejectReason reason) => Codes[reason];

    /// <summary>Looks a code up (e.g. read back from the <c>rejections</c> topic).</summary>
    public static bool TryParse(string code, out RejectReason reason) => Reasons.TryGetValue(code, out reason);

    /// <summary>Every reason with its code, for documentation and exhaustiveness tests.</summary>
    public static IReadOnlyDictionary<RejectReason, string> All => Codes;
}
