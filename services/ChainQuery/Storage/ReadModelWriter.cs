using AspireChain.Contracts.Messages;
using Microsoft.Data.Sqlite;

namespace AspireChain.ChainQuery.Storage;

/// <summary>What applying one <c>blocks</c> record did to the read model.</summary>
public enum BlockApplyOutcome
{
    /// <summary>The block extended the stored tip and is now part of the read model.</summary>
    Applied,

    /// <summary>The same (height, hash) was already stored: a replay, ignored.</summary>
    Duplicate,
}

/// <summary>
/// The read model's write side. A block from <c>blocks</c> is applied inside the shared follower's SQLite transaction
/// (same file, same connection), so the read model, the followed chain and the <c>blocks</c> cursor commit together and
/// can never disagree.
/// </summary>
public sealed class ReadModelWriter(ReadModelDatabase database, TimeProvider clock)
{
    /// <summary>Height and hash of the stored tip, or null before genesis is stored.</summary>
    public (long Height, string Hash)? Tip()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT height, hash FROM blocks ORDER BY height DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>Hash stored at <paramref name="height"/>, if any.</summary>
    public string? HashAt(long height)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM blocks WHERE height = $height";
        command.Parameters.AddWithValue("$height", height);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Stores the computed genesis (no source offset, no lifecycle) in a transaction of its own.</summary>
    public BlockApplication ApplyGenesis(StoredBlock genesis, string body)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var application = Apply(transaction, genesis, body, sourceOffset: null);
        transaction.Commit();
        return application;
    }

    /// <summary>
    /// Stores <paramref name="block"/> and its effects on accounts and transaction status inside
    /// <paramref name="transaction"/>; a block read from <paramref name="sourceOffset"/> also gets its lifecycle
    /// (<paramref name="provenance"/> from the headers, the record's Kafka timestamp <paramref name="committedAtMs"/>, and
    /// now as the time it was applied). The caller verified the block against its chain.
    /// </summary>
    public BlockApplication Apply(
        SqliteTransaction transaction, StoredBlock block, string body, long? sourceOffset, BlockProvenance? provenance = null, long? committedAtMs = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(block);
        var connection = transaction.Connection!;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();

        using (var existing = connection.CreateCommand())
        {
            existing.Transaction = transaction;
            existing.CommandText = "SELECT hash FROM blocks WHERE height = $height";
            existing.Parameters.AddWithValue("$height", block.Height);
            if (existing.ExecuteScalar() is string storedHash && storedHash == block.Hash)
            {
                return BlockApplication.Duplicate;
            }
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO blocks (height, hash, previous_hash, merkle_root, timestamp_ms, target, difficulty, nonce, miner, tx_count, source_offset, body)
                VALUES ($height, $hash, $previous, $merkle, $timestamp, $target, $difficulty, $nonce, $miner, $count, $offset, $body)
                """;
            insert.Parameters.AddWithValue("$height", block.Height);
            insert.Parameters.AddWithValue("$hash", block.Hash);
            insert.Parameters.AddWithValue("$previous", block.PreviousHash);
            insert.Parameters.AddWithValue("$merkle", block.MerkleRoot);
            insert.Parameters.AddWithValue("$timestamp", block.TimestampMs);
            insert.Parameters.AddWithValue("$target", block.Target);
            insert.Parameters.AddWithValue("$difficulty", block.Difficulty);
            insert.Parameters.AddWithValue("$nonce", block.Nonce.ToString(System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$miner", block.Miner);
            insert.Parameters.AddWithValue("$count", block.TransactionCount);
            insert.Parameters.AddWithValue("$offset", (object?)sourceOffset ?? DBNull.Value);
            insert.Parameters.AddWithValue("$body", body);
            insert.ExecuteNonQuery();
        }

        var confirmationSeconds = new List<double>();
        foreach (var tx in block.Transactions)
        {
            if (Confirm(connection, transaction, tx, block, now) is { } submittedAtMs && !tx.IsCoinbase && now >= submittedAtMs)
            {
                confirmationSeconds.Add((now - submittedAtMs) / 1000.0);
            }

            if (tx.Sender is not null)
            {
                // The ledger's nonce is the sender's count of sent transfers: the next one must carry it.
                Credit(connection, transaction, tx.Sender, -(tx.Amount + tx.Fee), tx.Nonce + 1);
            }

            Credit(connection, transaction, tx.Recipient, tx.Amount, null);
        }

        if (sourceOffset is not null)
        {
            // Genesis is computed, not mined: it has no lifecycle to show.
            RecordLifecycle(connection, transaction, block, provenance ?? BlockProvenance.None, committedAtMs, now);
        }

        return new BlockApplication(BlockApplyOutcome.Applied, confirmationSeconds);
    }

    /// <summary>
    /// Marks a transaction seen on <c>transactions</c> as pending, unless it is already known, and keeps
    /// <paramref name="submittedAtMs"/> (the record's Kafka timestamp) as its submit time. Returns the seconds from
    /// submission to confirmation when the transaction was already confirmed (its block was applied first).
    /// </summary>
    public double? MarkPending(StoredTransaction tx, long? submittedAtMs = null)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // RETURNING yields a row only when something was written, so a redelivered record is never counted twice.
        command.CommandText = """
            INSERT INTO transactions (id, status, sender, recipient, amount, fee, nonce, is_coinbase, updated_ms, submitted_ms)
            VALUES ($id, 'pending', $sender, $recipient, $amount, $fee, $nonce, 0, $now, $submitted)
            ON CONFLICT (id) DO UPDATE SET submitted_ms = excluded.submitted_ms
            WHERE transactions.submitted_ms IS NULL AND excluded.submitted_ms IS NOT NULL
            RETURNING status, confirmed_ms, submitted_ms
            """;
        command.Parameters.AddWithValue("$id", tx.Id);
        command.Parameters.AddWithValue("$sender", (object?)tx.Sender ?? DBNull.Value);
        command.Parameters.AddWithValue("$recipient", tx.Recipient);
        command.Parameters.AddWithValue("$amount", tx.Amount);
        command.Parameters.AddWithValue("$fee", tx.Fee);
        command.Parameters.AddWithValue("$nonce", tx.Nonce);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$submitted", (object?)submittedAtMs ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        if (reader.Read() && reader.GetString(0) == "confirmed" && !reader.IsDBNull(1) && !reader.IsDBNull(2)
            && reader.GetInt64(1) >= reader.GetInt64(2))
        {
            return (reader.GetInt64(1) - reader.GetInt64(2)) / 1000.0;
        }

        return null;
    }

    /// <summary>Marks a transaction rejected with a reason; a confirmed transaction stays confirmed.</summary>
    public void MarkRejected(string id, string reason, string detail)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO transactions (id, status, reason, detail, updated_ms)
            VALUES ($id, 'rejected', $reason, $detail, $now)
            ON CONFLICT (id) DO UPDATE SET status = 'rejected', reason = excluded.reason, detail = excluded.detail, updated_ms = excluded.updated_ms
            WHERE transactions.status <> 'confirmed'
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$reason", reason);
        command.Parameters.AddWithValue("$detail", detail);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    /// <summary>Records a rejected candidate block (stale or invalid) once per hash; false when it was already recorded.</summary>
    public bool RecordBlockRejection(string hash, long? height, string reason, string? detail, string? source, long? rejectedAtMs)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO block_rejections (hash, height, reason, detail, source, rejected_ms, at_ms)
            VALUES ($hash, $height, $reason, $detail, $source, $rejected, $now)
            ON CONFLICT (hash) DO NOTHING
            """;
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$height", (object?)height ?? DBNull.Value);
        command.Parameters.AddWithValue("$reason", reason);
        command.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        command.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("$rejected", (object?)rejectedAtMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() == 1;
    }

    private static void RecordLifecycle(
        SqliteConnection connection, SqliteTransaction transaction, StoredBlock block, BlockProvenance provenance, long? committedAtMs, long now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO block_lifecycle (height, hash, miner_instance, pow_attempts, pow_search_ms, mined_ms, validated_ms, committed_ms, applied_ms)
            VALUES ($height, $hash, $instance, $attempts, $search, $mined, $validated, $committed, $applied)
            ON CONFLICT (height) DO UPDATE SET hash = excluded.hash, miner_instance = excluded.miner_instance,
                pow_attempts = excluded.pow_attempts, pow_search_ms = excluded.pow_search_ms, mined_ms = excluded.mined_ms,
                validated_ms = excluded.validated_ms, committed_ms = excluded.committed_ms, applied_ms = excluded.applied_ms
            """;
        command.Parameters.AddWithValue("$height", block.Height);
        command.Parameters.AddWithValue("$hash", block.Hash);
        command.Parameters.AddWithValue("$instance", (object?)provenance.MinerInstance ?? DBNull.Value);
        command.Parameters.AddWithValue("$attempts", (object?)provenance.Attempts ?? DBNull.Value);
        command.Parameters.AddWithValue("$search", (object?)provenance.SearchMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$mined", (object?)provenance.MinedAtMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$validated", (object?)provenance.ValidatedAtMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$committed", (object?)committedAtMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$applied", now);
        command.ExecuteNonQuery();
    }

    /// <summary>Marks one transaction confirmed; returns its submit time when ChainQuery saw it submitted.</summary>
    private static long? Confirm(SqliteConnection connection, SqliteTransaction transaction, StoredTransaction tx, StoredBlock block, long now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO transactions (id, status, sender, recipient, amount, fee, nonce, is_coinbase, height, block_hash, updated_ms, confirmed_ms)
            VALUES ($id, 'confirmed', $sender, $recipient, $amount, $fee, $nonce, $coinbase, $height, $hash, $now, $now)
            ON CONFLICT (id) DO UPDATE SET status = 'confirmed', sender = excluded.sender, recipient = excluded.recipient,
                amount = excluded.amount, fee = excluded.fee, nonce = excluded.nonce, is_coinbase = excluded.is_coinbase,
                height = excluded.height, block_hash = excluded.block_hash, reason = NULL, detail = NULL, updated_ms = excluded.updated_ms,
                confirmed_ms = excluded.confirmed_ms
            RETURNING submitted_ms
            """;
        command.Parameters.AddWithValue("$id", tx.Id);
        command.Parameters.AddWithValue("$sender", (object?)tx.Sender ?? DBNull.Value);
        command.Parameters.AddWithValue("$recipient", tx.Recipient);
        command.Parameters.AddWithValue("$amount", tx.Amount);
        command.Parameters.AddWithValue("$fee", tx.Fee);
        command.Parameters.AddWithValue("$nonce", tx.Nonce);
        command.Parameters.AddWithValue("$coinbase", tx.IsCoinbase ? 1 : 0);
        command.Parameters.AddWithValue("$height", block.Height);
        command.Parameters.AddWithValue("$hash", block.Hash);
        command.Parameters.AddWithValue("$now", now);
        return command.ExecuteScalar() is long submittedAtMs ? submittedAtMs : null;
    }

    /// <summary>
    /// Starts the read model over from a verified snapshot inside the follower's seeding transaction: genesis stays, the
    /// blocks, lifecycle and confirmed transactions after it go (history before the snapshot is not held locally), the
    /// accounts become the snapshot's, and the snapshot height is remembered (history is held from the next block on).
    /// </summary>
    public static void Seed(SqliteTransaction transaction, ulong snapshotHeight, IEnumerable<KeyValuePair<Ledger.Address, Ledger.Account>> accounts)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(accounts);
        var connection = transaction.Connection!;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM blocks WHERE height > 0;
                DELETE FROM block_lifecycle;
                DELETE FROM transactions WHERE status = 'confirmed' AND height > 0;
                DELETE FROM accounts;
                INSERT OR REPLACE INTO read_model_history (id, snapshot_height) VALUES (1, $height);
                """;
            command.Parameters.AddWithValue("$height", checked((long)snapshotHeight));
            command.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO accounts (address, balance, nonce) VALUES ($address, $balance, $nonce)";
        var address = insert.Parameters.Add("$address", SqliteType.Text);
        var balance = insert.Parameters.Add("$balance", SqliteType.Integer);
        var nonce = insert.Parameters.Add("$nonce", SqliteType.Integer);
        foreach (var (key, account) in accounts)
        {
            address.Value = key.ToString();
            balance.Value = checked((long)account.Balance);
            nonce.Value = checked((long)account.Nonce);
            insert.ExecuteNonQuery();
        }
    }

    private static void Credit(SqliteConnection connection, SqliteTransaction transaction, string address, long delta, long? nextNonce)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO accounts (address, balance, nonce) VALUES ($address, $delta, coalesce($nonce, 0))
            ON CONFLICT (address) DO UPDATE SET balance = balance + $delta, nonce = max(nonce, coalesce($nonce, nonce))
            """;
        command.Parameters.AddWithValue("$address", address);
        command.Parameters.AddWithValue("$delta", delta);
        command.Parameters.AddWithValue("$nonce", (object?)nextNonce ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
