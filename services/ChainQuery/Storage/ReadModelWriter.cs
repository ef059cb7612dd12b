using Microsoft.Data.Sqlite;

namespace AspireChain.ChainQuery.Storage;

/// <summary>What applying one <c>blocks</c> record did to the read model.</summary>
public enum BlockApplyOutcome
{
    /// <summary>The block extended the stored tip and is now part of the read model.</summary>
    Applied,

    /// <summary>The same (height, hash) was already stored: a replay, ignored (rule 3).</summary>
    Duplicate,
}

/// <summary>
/// The read model's write side. Each block is applied in one SQLite transaction together with the
/// next <c>blocks</c> offset to read, so the stored state and the resume point can never disagree (rule 5).
/// </summary>
public sealed class ReadModelWriter(ReadModelDatabase database, TimeProvider clock)
{
    /// <summary>The topic name the cursor row of the chain is kept under.</summary>
    public const string BlocksCursor = "blocks";

    /// <summary>The offset to resume reading <c>blocks</c> partition 0 from (0 for a fresh store).</summary>
    public long NextBlocksOffset()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_offset FROM cursor WHERE topic = $topic AND partition = 0";
        command.Parameters.AddWithValue("$topic", BlocksCursor);
        return command.ExecuteScalar() is long offset ? offset : 0;
    }

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

    /// <summary>
    /// Stores <paramref name="block"/> and its effects on accounts and transaction status; when it came from
    /// the topic, advances the stored cursor to <paramref name="sourceOffset"/> + 1 in the same transaction.
    /// The caller has already checked linkage against <see cref="Tip"/>.
    /// </summary>
    public BlockApplyOutcome Apply(StoredBlock block, string body, long? sourceOffset)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();

        using (var existing = connection.CreateCommand())
        {
            existing.Transaction = transaction;
            existing.CommandText = "SELECT hash FROM blocks WHERE height = $height";
            existing.Parameters.AddWithValue("$height", block.Height);
            if (existing.ExecuteScalar() is string storedHash && storedHash == block.Hash)
            {
                AdvanceCursor(connection, transaction, sourceOffset);
                transaction.Commit();
                return BlockApplyOutcome.Duplicate;
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

        foreach (var tx in block.Transactions)
        {
            Confirm(connection, transaction, tx, block, now);
            if (tx.Sender is not null)
            {
                // The ledger's nonce is the sender's count of sent transfers: the next one must carry it.
                Credit(connection, transaction, tx.Sender, -(tx.Amount + tx.Fee), tx.Nonce + 1);
            }

            Credit(connection, transaction, tx.Recipient, tx.Amount, null);
        }

        AdvanceCursor(connection, transaction, sourceOffset);
        transaction.Commit();
        return BlockApplyOutcome.Applied;
    }

    /// <summary>Records a fault; when <paramref name="consumedOffset"/> is given the record is consumed (cursor moves past it).</summary>
    public void RecordFault(FollowFault fault, long? consumedOffset)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO faults (kind, source_offset, height, hash, reason, detail, at_ms)
                VALUES ($kind, $offset, $height, $hash, $reason, $detail, $at)
                """;
            command.Parameters.AddWithValue("$kind", fault.Kind);
            command.Parameters.AddWithValue("$offset", (object?)fault.Offset ?? DBNull.Value);
            command.Parameters.AddWithValue("$height", (object?)fault.Height ?? DBNull.Value);
            command.Parameters.AddWithValue("$hash", (object?)fault.Hash ?? DBNull.Value);
            command.Parameters.AddWithValue("$reason", fault.Reason);
            command.Parameters.AddWithValue("$detail", fault.Detail);
            command.Parameters.AddWithValue("$at", fault.AtMs);
            command.ExecuteNonQuery();
        }

        AdvanceCursor(connection, transaction, consumedOffset);
        transaction.Commit();
    }

    /// <summary>Marks a transaction seen on <c>transactions</c> as pending, unless it is already known.</summary>
    public void MarkPending(StoredTransaction tx)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO transactions (id, status, sender, recipient, amount, fee, nonce, is_coinbase, updated_ms)
            VALUES ($id, 'pending', $sender, $recipient, $amount, $fee, $nonce, 0, $now)
            ON CONFLICT (id) DO NOTHING
            """;
        command.Parameters.AddWithValue("$id", tx.Id);
        command.Parameters.AddWithValue("$sender", (object?)tx.Sender ?? DBNull.Value);
        command.Parameters.AddWithValue("$recipient", tx.Recipient);
        command.Parameters.AddWithValue("$amount", tx.Amount);
        command.Parameters.AddWithValue("$fee", tx.Fee);
        command.Parameters.AddWithValue("$nonce", tx.Nonce);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
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

    /// <summary>Counts a rejected candidate block (stale or invalid), once per hash.</summary>
    public void RecordBlockRejection(string hash, long? height, string reason, string? source)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO block_rejections (hash, height, reason, source, at_ms) VALUES ($hash, $height, $reason, $source, $now)
            ON CONFLICT (hash) DO NOTHING
            """;
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$height", (object?)height ?? DBNull.Value);
        command.Parameters.AddWithValue("$reason", reason);
        command.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static void Confirm(SqliteConnection connection, SqliteTransaction transaction, StoredTransaction tx, StoredBlock block, long now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO transactions (id, status, sender, recipient, amount, fee, nonce, is_coinbase, height, block_hash, updated_ms)
            VALUES ($id, 'confirmed', $sender, $recipient, $amount, $fee, $nonce, $coinbase, $height, $hash, $now)
            ON CONFLICT (id) DO UPDATE SET status = 'confirmed', sender = excluded.sender, recipient = excluded.recipient,
                amount = excluded.amount, fee = excluded.fee, nonce = excluded.nonce, is_coinbase = excluded.is_coinbase,
                height = excluded.height, block_hash = excluded.block_hash, reason = NULL, detail = NULL, updated_ms = excluded.updated_ms
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
        command.ExecuteNonQuery();
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

    private static void AdvanceCursor(SqliteConnection connection, SqliteTransaction transaction, long? consumedOffset)
    {
        if (consumedOffset is not { } offset)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO cursor (topic, partition, next_offset) VALUES ($topic, 0, $next)
            ON CONFLICT (topic, partition) DO UPDATE SET next_offset = max(next_offset, excluded.next_offset)
            """;
        command.Parameters.AddWithValue("$topic", BlocksCursor);
        command.Parameters.AddWithValue("$next", offset + 1);
        command.ExecuteNonQuery();
    }
}
