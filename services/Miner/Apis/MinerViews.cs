namespace AspireChain.Miner.Apis;

/// <summary>The candidate <c>POST /mine</c> published.</summary>
/// <param name="Height">Its height.</param>
/// <param name="Hash">Its hash (hex).</param>
/// <param name="Transactions">Transfers included (coinbase excluded).</param>
/// <param name="Nonce">The winning nonce.</param>
public sealed record MinedCandidate(ulong Height, string Hash, int Transactions, ulong Nonce);

/// <summary>What <c>GET /miner</c> reports.</summary>
/// <param name="Instance">Replica name.</param>
/// <param name="RewardAddress">Where its coinbase pays.</param>
/// <param name="Height">Local tip height.</param>
/// <param name="TipHash">Local tip hash.</param>
/// <param name="Mempool">Unsettled transactions on its partitions.</param>
/// <param name="Partitions">The <c>transactions</c> partitions it owns.</param>
/// <param name="Held">Transactions held back until their sender can pay them.</param>
/// <param name="RejectionsWaiting">Rejections queued or in flight, not yet acknowledged.</param>
/// <param name="SignaturesAttested">Transfers read whose signature ingest's attestation attested (not verified again here).</param>
/// <param name="SignaturesVerified">Transfers read whose signature this replica verified (no valid attestation).</param>
/// <param name="RecordsSteppedOver">Records of <c>transactions</c> stepped over unadmitted: unreadable, or keyed other than by their sender's address.</param>
public sealed record MinerStatus(
    string Instance,
    string RewardAddress,
    ulong Height,
    string TipHash,
    int Mempool,
    IReadOnlyList<int> Partitions,
    int Held = 0,
    long RejectionsWaiting = 0,
    long SignaturesAttested = 0,
    long SignaturesVerified = 0,
    long RecordsSteppedOver = 0);
