using System.Diagnostics;
using AspireChain.Ledger;

namespace AspireChain.Miner.Pool;

/// <summary>A transaction this miner owns (read from one of its partitions) and has not yet seen confirmed or rejected.</summary>
/// <param name="Transaction">The signed transfer, stateless rules already checked.</param>
/// <param name="Partition">The <c>transactions</c> partition it came from.</param>
/// <param name="Offset">Its offset there: the commit position waits for it.</param>
/// <param name="TraceContext">The producer's span context from the message headers, linked from <c>block.mine</c>.</param>
/// <param name="ReceivedAt">When this replica read it (a nonce gap is only waited for so long).</param>
internal sealed record PendingTransaction(Transaction Transaction, int Partition, long Offset, ActivityContext TraceContext, DateTimeOffset ReceivedAt)
{
    /// <summary>
    /// True once this miner verified the signature itself (false while it stands on ingest's attestation alone): any
    /// decision that refuses another transfer because of this one, or that keeps it after a verdict named it, needs it.
    /// </summary>
    public bool SignatureVerified { get; set; }
}
