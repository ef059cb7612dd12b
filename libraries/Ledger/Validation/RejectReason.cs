namespace AspireChain.Ledger;

/// <summary>Why a transaction or block is refused; each value has one stable kebab-case code (see <see cref="RejectReasonCodes"/>) that travels on the <c>rejections</c> topic.</summary>
public enum RejectReason
{
    /// <summary>Valid.</summary>
    None = 0,

    // Wire form
    /// <summary><c>malformed</c>: not a canonical binary/JSON form (bad JSON, unknown or missing field, wrong length).</summary>
    Malformed,
    /// <summary><c>oversize</c>: the encoded form exceeds the size limit.</summary>
    Oversize,
    /// <summary><c>bad-public-key</c>: the sender key is not a valid P-256 point encoding.</summary>
    BadPublicKey,
    /// <summary><c>bad-txid</c>: a stated id does not match the content.</summary>
    BadTxId,
    /// <summary><c>bad-block-hash</c>: a stated block hash does not match the header.</summary>
    BadBlockHash,

    // Transaction rules
    /// <summary><c>bad-signature</c>: the signature does not verify, or is high-S.</summary>
    BadSignature,
    /// <summary><c>bad-chain-id</c>: signed for another network.</summary>
    BadChainId,
    /// <summary><c>bad-nonce</c>: not exactly the sender's next nonce.</summary>
    BadNonce,
    /// <summary><c>insufficient-funds</c>: amount + fee exceeds the sender's balance.</summary>
    InsufficientFunds,
    /// <summary><c>amount-overflow</c>: an amount, fee or balance sum overflows 64 bits.</summary>
    AmountOverflow,
    /// <summary><c>bad-amount</c>: zero amount.</summary>
    BadAmount,
    /// <summary><c>duplicate-tx</c>: the same transaction id twice in a block or already in the chain.</summary>
    DuplicateTx,
    /// <summary><c>unexpected-coinbase</c>: a coinbase submitted as a standalone transaction.</summary>
    UnexpectedCoinbase,
    /// <summary><c>self-transfer</c>: sender and recipient are the same account.</summary>
    SelfTransfer,

    // Block rules
    /// <summary><c>high-hash</c>: the header hash is above the target (no proof of work).</summary>
    HighHash,
    /// <summary><c>bad-target</c>: the header's target is not the expected next target.</summary>
    BadTarget,
    /// <summary><c>bad-prevblk</c>: the previous hash is not the tip's hash.</summary>
    BadPrevBlock,
    /// <summary><c>bad-height</c>: the height is not tip + 1.</summary>
    BadHeight,
    /// <summary><c>bad-version</c>: unknown header version.</summary>
    BadVersion,
    /// <summary><c>time-too-old</c>: timestamp not after the median of the last 11 blocks.</summary>
    TimeTooOld,
    /// <summary><c>time-too-new</c>: timestamp beyond now + the allowed drift.</summary>
    TimeTooNew,
    /// <summary><c>bad-txnmrklroot</c>: the Merkle root does not match the transactions.</summary>
    BadMerkleRoot,
    /// <summary><c>bad-state-root</c>: the state root does not match the accounts after the block applies.</summary>
    BadStateRoot,
    /// <summary><c>bad-blk-length</c>: too many transactions or too many bytes.</summary>
    BadBlockLength,
    /// <summary><c>bad-cb-missing</c>: the first transaction is not a coinbase.</summary>
    BadCoinbaseMissing,
    /// <summary><c>bad-cb-multiple</c>: a coinbase after the first position.</summary>
    BadCoinbaseMultiple,
    /// <summary><c>bad-cb-amount</c>: the coinbase pays more than subsidy + fees.</summary>
    BadCoinbaseAmount,
    /// <summary><c>bad-cb-height</c>: the coinbase nonce is not the block height, or its chain id is wrong.</summary>
    BadCoinbaseHeight,

    // Chain position
    /// <summary><c>stale</c>: a valid-looking block for a height that already has one (lost the race).</summary>
    Stale,

    // Accepted blocks (the Validator's signed envelope on the blocks topic)
    /// <summary><c>bad-validator-signature</c>: the envelope's signature does not verify over its block hash, height and candidate offset (or is high-S).</summary>
    BadValidatorSignature,
    /// <summary><c>unknown-validator</c>: the envelope is signed by a key the network does not pin.</summary>
    UnknownValidator,

    // State snapshots (a node joining from the snapshots topic instead of replaying blocks from genesis)
    /// <summary><c>missing-chunk</c>: a chunk a signed snapshot manifest names is not on the topic (incomplete or aborted).</summary>
    MissingChunk,
    /// <summary><c>bad-snapshot</c>: a snapshot's content is not canonical or does not match its manifest (height, tip, header links, account order).</summary>
    BadSnapshot,

    // Mempool policy
    /// <summary><c>too-many-pending</c>: the sender already has as many pending transactions as a miner holds for one sender.</summary>
    TooManyPending,
}
