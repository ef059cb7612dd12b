using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.Following;

/// <summary>A block the follower verified and is applying: the signed envelope and where on <c>blocks</c> it was read.</summary>
/// <param name="Accepted">The validator-signed envelope.</param>
/// <param name="Offset">Its <c>blocks</c> offset.</param>
/// <param name="Headers">The record's headers (informational only: nothing consensus is read from them).</param>
/// <param name="CommittedAtMs">The record's Kafka timestamp (when the Validator committed it), when the broker gave one.</param>
public sealed record AppliedBlock(AcceptedBlock Accepted, long Offset, Headers? Headers, long? CommittedAtMs)
{
    /// <summary>The block.</summary>
    public Block Block => Accepted.Block;
}
