using AspireChain.ChainQuery.Apis;
using AspireChain.ChainQuery.Storage;
using AspireChain.Following;
using AspireChain.Ledger;

namespace AspireChain.ChainQuery.Verification;

/// <summary>
/// The seed's <c>valid_chain</c>: replays every stored signed block (the follower's envelopes) from genesis through the
/// validator's signature and the Ledger's full consensus rules (<see cref="Chain.TryAppend"/>), reports the first block
/// that fails and why, then checks the read model's accounts against the replayed state.
/// </summary>
public sealed class StoredChainVerifier(ReadModelQueries queries, BlockStore store, NetworkParameters network, TimeProvider clock)
{
    /// <summary>Re-validates the stored chain (from the verified snapshot it joined from, when it did); stops at the first bad block.</summary>
    public ChainVerification Verify(CancellationToken cancellationToken)
    {
        var chain = new Chain(network);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        long checkedBlocks = 0;
        if (queries.SnapshotHeight() is not null && store.ReadJoinedSnapshot() is { } joined && ChainSnapshot.TryRead(joined, out var start, out _))
        {
            // History before the snapshot is not held: the replay starts from the verified state the follower joined from.
            chain = new Chain(network, start);
        }

        if (queries.BlockAt(0) is { } genesis)
        {
            if (genesis.Hash != chain.Genesis.Hash.ToString())
            {
                return Bad(chain, checkedBlocks, 0, "bad-genesis", $"stored genesis {genesis.Hash} is not this network's genesis {chain.Genesis.Hash}");
            }

            checkedBlocks++;
        }

        foreach (var envelope in store.ReadBlocks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expected = (long)chain.Height + 1;
            if (!BlockStore.TryReadEnvelope(envelope, out var accepted, out var malformed))
            {
                return Bad(chain, checkedBlocks, expected, malformed.Code, malformed.Detail);
            }

            var height = (long)accepted.Height;
            if (height < expected)
            {
                continue; // History kept below the snapshot: already in its state.
            }

            if (height != expected)
            {
                return Bad(chain, checkedBlocks, expected, RejectReason.BadHeight.ToCode(), $"block {expected} is missing from the store (next stored is {height})");
            }

            var signed = accepted.Verify(network);
            if (!signed.IsValid)
            {
                return Bad(chain, checkedBlocks, height, signed.Code, signed.Detail);
            }

            var result = chain.TryAppend(accepted.Block, now);
            if (!result.IsValid)
            {
                return Bad(chain, checkedBlocks, height, result.Code, result.Detail);
            }

            checkedBlocks++;
        }

        if (checkedBlocks > 0 && FirstAccountMismatch(chain) is { } mismatch)
        {
            return new ChainVerification(false, (long)chain.Height, checkedBlocks, null, "read-model-mismatch", mismatch);
        }

        return new ChainVerification(true, checkedBlocks == 0 ? -1 : (long)chain.Height, checkedBlocks, null, null, null);
    }

    /// <summary>The read model's balances and nonces must equal the replayed ledger state, account by account.</summary>
    private string? FirstAccountMismatch(Chain chain)
    {
        var stored = queries.Accounts();
        foreach (var (address, account) in chain.State.Accounts)
        {
            var key = address.ToString();
            var expected = ((long)account.Balance, (long)account.Nonce);
            if (!stored.TryGetValue(key, out var actual))
            {
                actual = (0, 0);
            }

            if (actual != expected)
            {
                return $"account {key}: read model has balance {actual.Balance} nonce {actual.Nonce}, the ledger {expected.Item1} nonce {expected.Item2}";
            }
        }

        var unknown = stored.Keys.FirstOrDefault(key => !chain.State.Accounts.ContainsKey(Address.Parse(key)) && stored[key] != (0, 0));
        return unknown is null ? null : $"account {unknown} is in the read model but not in the ledger";
    }

    private static ChainVerification Bad(Chain chain, long checkedBlocks, long height, string reason, string? detail) =>
        new(false, (long)chain.Height, checkedBlocks, height, reason, detail);
}
