using System.Diagnostics;
using AspireChain.Following;
using AspireChain.Ledger;

namespace AspireChain.ChainQuery.Verification;

/// <summary>
/// The seed's <c>valid_chain</c>, over a consistent read of the store (<see cref="StoredChainReader"/>): replays the
/// stored signed blocks (the follower's envelopes) in height order through the validator's signature and the Ledger's
/// full consensus rules, transfer signatures included and verified in parallel (<see cref="Chain.TryAppend(Block, long)"/>),
/// reports the first block that fails and why, then checks the read model's accounts, read in the same transaction,
/// against the replayed state. It starts from the last valid run's checkpoint when that is still in the store, else
/// from genesis (or from the snapshot the store joined from). Memory stays bounded: blocks come in batches and the
/// replayed chain holds its recent window of blocks only, beside the state.
/// </summary>
public sealed class StoredChainVerifier(NetworkParameters network, TimeProvider clock)
{
    /// <summary>
    /// Verifies what <paramref name="reader"/> holds, reporting progress to <paramref name="run"/>, from
    /// <paramref name="checkpoint"/> when given and usable; at most <paramref name="signaturesPerSecond"/> transfer
    /// signatures a second when set. Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public async Task<VerificationOutcome> VerifyAsync(
        StoredChainReader reader, VerificationCheckpoint? checkpoint, VerificationRun run, int? signaturesPerSecond, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(run);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var started = Stopwatch.GetTimestamp();
        var (chain, mode, failure) = Start(reader, checkpoint);
        if (chain is null)
        {
            run.Opened(mode, null, failure!.FirstBadHeight ?? 0, reader.TipHeight, -1);
            return failure!;
        }

        var genesisStored = GenesisHash(reader);
        var fromGenesis = mode == VerificationStates.Full && chain.Height == 0;
        var fromHeight = fromGenesis ? 0 : (long)chain.Height + 1;
        var toHeight = Math.Max(reader.TipHeight, (long)chain.Height);
        run.Opened(mode, mode == VerificationStates.Incremental ? (long)chain.Height : null, fromHeight, toHeight, fromGenesis ? -1 : (long)chain.Height);
        if (fromGenesis)
        {
            if (genesisStored is not null && genesisStored != chain.Genesis.Hash.ToString())
            {
                return VerificationOutcome.Bad(0, "bad-genesis", $"stored genesis {genesisStored} is not this network's genesis {chain.Genesis.Hash}");
            }

            run.Checked(0, 0);
        }

        foreach (var stored in reader.ReadBlocks((long)chain.Height + 1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (CheckBlock(chain, stored, now, out var transfers) is { } bad)
            {
                return bad;
            }

            run.Checked(stored.Height, transfers);

            await KeepPaceAsync(run, started, signaturesPerSecond, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if ((genesisStored is not null || chain.Height > 0) && FirstAccountMismatch(reader, chain) is { } mismatch)
        {
            return VerificationOutcome.Bad(null, "read-model-mismatch", mismatch);
        }

        // A checkpoint is only worth keeping at a stored block, whose hash the next run can check.
        return VerificationOutcome.Sound(chain.Height > 0 && reader.ReadEnvelope((long)chain.Height) is not null
            ? new VerificationCheckpoint((long)chain.Height, chain.TipHash.ToString(), chain.ToSnapshot().ToBytes())
            : null);
    }

    /// <summary>
    /// The chain the run extends: the checkpoint's state when its block is still stored with the same hash (a different
    /// hash there is a failure: the store changed under a verified height), else the store's base, else genesis.
    /// </summary>
    private (Chain? Chain, string Mode, VerificationOutcome? Failure) Start(StoredChainReader reader, VerificationCheckpoint? checkpoint)
    {
        if (checkpoint is not null && reader.ReadEnvelope(checkpoint.Height) is { } envelope)
        {
            if (!BlockStore.TryReadEnvelope(envelope, out var stored, out var malformed))
            {
                return (null, VerificationStates.Incremental, VerificationOutcome.Bad(checkpoint.Height, malformed.Code, malformed.Detail));
            }

            if (stored.Hash.ToString() != checkpoint.Hash)
            {
                return (null, VerificationStates.Incremental, VerificationOutcome.Bad(checkpoint.Height, "checkpoint-mismatch",
                    $"the stored block at height {checkpoint.Height} has hash {stored.Hash}; the run that verified that height saw {checkpoint.Hash}: the store changed since"));
            }

            if (Restore(checkpoint.Snapshot, checkpoint.Height, checkpoint.Hash) is { } resumed)
            {
                return (resumed, VerificationStates.Incremental, null);
            }

            // A checkpoint that no longer restores (written by another version, damaged) is only lost work: start over.
        }

        // A full run: from the network snapshot the store joined from (history before it is not held), else genesis.
        var start = new Chain(network);
        if (reader.Base?.Joined is { } joined)
        {
            var (fromSnapshot, failure) = FromSnapshot(joined, reader.Base.JoinedHeight ?? reader.Base.Height, "the snapshot the store joined from");
            if (fromSnapshot is null)
            {
                return (null, VerificationStates.Full, failure);
            }

            start = fromSnapshot;
        }

        // A store that drops old blocks (Following:KeepBlocks) holds no history below its base: the replay starts there.
        // An archive (ChainQuery's default) keeps every block, and its moving base is never a starting point.
        if (reader.LowestHeight is { } lowest && lowest > (long)start.Height + 1
            && reader.Base is { } pruned && pruned.Height >= lowest - 1 && pruned.Height > (long)start.Height)
        {
            var (fromBase, failure) = FromSnapshot(pruned.Snapshot, pruned.Height, "the store's base");
            return (fromBase, VerificationStates.Full, failure);
        }

        return (start, VerificationStates.Full, null);
    }

    /// <summary>The chain starting at a stored snapshot, checked against the state root its tip header commits to.</summary>
    private (Chain? Chain, VerificationOutcome? Failure) FromSnapshot(byte[] bytes, long height, string what)
    {
        if (!ChainSnapshot.TryRead(bytes, out var snapshot, out var unreadable))
        {
            return (null, VerificationOutcome.Bad(height, unreadable.Code, $"{what} at height {height}: {unreadable.Detail}"));
        }

        var check = snapshot.Check(network);
        return check.IsValid
            ? (new Chain(network, snapshot), null)
            : (null, VerificationOutcome.Bad(height, check.Code, $"{what} at height {height}: {check.Detail}"));
    }

    /// <summary>The checkpoint's chain, or null when its snapshot does not restore to the height and hash it names.</summary>
    private Chain? Restore(byte[] bytes, long height, string hash)
    {
        if (!ChainSnapshot.TryRead(bytes, out var snapshot, out _) || (long)snapshot.Height != height
            || snapshot.TipHeader.ComputeHash().ToString() != hash || !snapshot.Check(network).IsValid)
        {
            return null;
        }

        return new Chain(network, snapshot);
    }

    /// <summary>Appends one stored block to <paramref name="chain"/>, or says why it cannot be.</summary>
    private VerificationOutcome? CheckBlock(Chain chain, StoredEnvelope stored, long now, out int transfers)
    {
        transfers = 0;
        var expected = (long)chain.Height + 1;
        if (stored.Height != expected)
        {
            return VerificationOutcome.Bad(expected, RejectReason.BadHeight.ToCode(), $"block {expected} is missing from the store (next stored is {stored.Height})");
        }

        if (!BlockStore.TryReadEnvelope(stored.Envelope, out var accepted, out var malformed))
        {
            return VerificationOutcome.Bad(expected, malformed.Code, malformed.Detail);
        }

        if ((long)accepted.Height != expected)
        {
            return VerificationOutcome.Bad(expected, RejectReason.BadHeight.ToCode(), $"the store's row at height {expected} holds block {accepted.Height}");
        }

        var signed = accepted.Verify(network);
        if (!signed.IsValid)
        {
            return VerificationOutcome.Bad(expected, signed.Code, signed.Detail);
        }

        var result = chain.TryAppend(accepted.Block, now);
        transfers = accepted.Block.Transactions.Count - 1; // the coinbase carries no signature
        return result.IsValid ? null : VerificationOutcome.Bad(expected, result.Code, result.Detail);
    }

    /// <summary>Waits while the run is ahead of <paramref name="signaturesPerSecond"/>, so a long run leaves the cores to the live service.</summary>
    private async Task KeepPaceAsync(VerificationRun run, long started, int? signaturesPerSecond, CancellationToken cancellationToken)
    {
        if (signaturesPerSecond is not > 0)
        {
            return;
        }

        var due = TimeSpan.FromSeconds((double)run.TransfersChecked / signaturesPerSecond.Value);
        var ahead = due - Stopwatch.GetElapsedTime(started);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The read model's genesis hash in the same snapshot, or null before it was stored.</summary>
    private static string? GenesisHash(StoredChainReader reader)
    {
        using var command = reader.CreateCommand();
        command.CommandText = "SELECT hash FROM blocks WHERE height = 0";
        return command.ExecuteScalar() as string;
    }

    /// <summary>
    /// The read model's balances and nonces, read in the reader's transaction (the same height as the replay: each
    /// block's read model is written in its block's transaction), must equal the replayed state, account by account.
    /// Streamed: one row at a time.
    /// </summary>
    private static string? FirstAccountMismatch(StoredChainReader reader, Chain chain)
    {
        long held = 0;
        using (var command = reader.CreateCommand())
        {
            command.CommandText = "SELECT address, balance, nonce FROM accounts";
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                var key = rows.GetString(0);
                var actual = (Balance: rows.GetInt64(1), Nonce: rows.GetInt64(2));
                if (!Address.TryParse(key, out var address))
                {
                    return $"account {key} in the read model is not an address";
                }

                var replayed = chain.State.GetAccount(address);
                if (replayed != default)
                {
                    held++;
                }

                if (actual != ((long)replayed.Balance, (long)replayed.Nonce))
                {
                    return replayed == default
                        ? $"account {key} is in the read model but not in the ledger"
                        : $"account {key}: read model has balance {actual.Balance} nonce {actual.Nonce}, the ledger {replayed.Balance} nonce {replayed.Nonce}";
                }
            }
        }

        if (held == chain.State.Accounts.Count(a => a.Value != default))
        {
            return null;
        }

        using var lookup = reader.CreateCommand();
        lookup.CommandText = "SELECT count(*) FROM accounts WHERE address = $address";
        var parameter = lookup.Parameters.Add("$address", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var (address, account) in chain.State.Accounts)
        {
            parameter.Value = address.ToString();
            if (account != default && lookup.ExecuteScalar() is 0L)
            {
                return $"account {address}: read model has balance 0 nonce 0, the ledger {account.Balance} nonce {account.Nonce}";
            }
        }

        return null;
    }
}
