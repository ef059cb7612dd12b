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
/// The read model's block side. A block from <c>blocks</c> is applied inside the shared follower's SQLite transaction
/// (same file, same connection), so the read model, the followed chain and the <c>blocks</c> cursor commit together and
/// can never disagree; the block's body is the follower's stored envelope, not copied here. Its transactions move from
/// <c>pending_transactions</c> to <c>transactions</c> and its accounts are written through one prepared statement each,
/// bound again per row. The status topics are written by <see cref="StatusWriter"/>.
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
    public BlockApplication ApplyGenesis(StoredBlock genesis)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var application = Apply(transaction, genesis, sourceOffset: null);
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
        SqliteTransaction transaction, StoredBlock block, long? sourceOffset, BlockProvenance? provenance = null, long? committedAtMs = null)
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
                INSERT INTO blocks (height, hash, previous_hash, merkle_root, timestamp_ms, target, difficulty, nonce, miner, tx_count, source_offset)
                VALUES ($height, $hash, $previous, $merkle, $timestamp, $target, $difficulty, $nonce, $miner, $count, $offset)
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
            insert.ExecuteNonQuery();
        }

        var confirmationSeconds = ConfirmAll(connection, transaction, block, now);
        CreditAll(connection, transaction, block.Transactions);

        if (sourceOffset is not null)
        {
            // Genesis is computed, not mined: it has no lifecycle to show.
            RecordLifecycle(connection, transaction, block, provenance ?? BlockProvenance.None, committedAtMs, now);
        }

        return new BlockApplication(BlockApplyOutcome.Applied, confirmationSeconds);
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

    /// <summary>
    /// Marks every transaction of <paramref name="block"/> confirmed: its pending row (if ChainQuery saw the submission)
    /// is deleted and its submit time carried over, and its one <c>transactions</c> row written, each through one
    /// prepared statement bound again per row; returns, per transfer whose submission ChainQuery saw, the seconds from
    /// submission to now.
    /// </summary>
    private static List<double> ConfirmAll(SqliteConnection connection, SqliteTransaction transaction, StoredBlock block, long now)
    {
        using var unpend = connection.CreateCommand();
        unpend.Transaction = transaction;
        unpend.CommandText = "DELETE FROM pending_transactions WHERE id = $id RETURNING submitted_ms";
        var pendingId = unpend.Parameters.Add("$id", SqliteType.Text);
        unpend.Prepare();

        // The common case, a transfer with no row yet, is a plain insert: no conflict clause, so SQLite needs no statement
        // journal (a copy of every page the statement touches) to be able to undo it halfway.
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR IGNORE INTO transactions (id, status, sender, recipient, amount, fee, nonce, is_coinbase, height, block_hash, updated_ms, submitted_ms, confirmed_ms)
            VALUES ($id, 'confirmed', $sender, $recipient, $amount, $fee, $nonce, $coinbase, $height, $hash, $now, $submitted, $now)
            """;
        // A row already here is a rejection (a confirmed block outranks it) or an earlier version's pending row.
        using var overwrite = connection.CreateCommand();
        overwrite.Transaction = transaction;
        overwrite.CommandText = """
            UPDATE transactions SET status = 'confirmed', sender = $sender, recipient = $recipient, amount = $amount, fee = $fee,
                nonce = $nonce, is_coinbase = $coinbase, height = $height, block_hash = $hash, reason = NULL, detail = NULL,
                updated_ms = $now, submitted_ms = coalesce(submitted_ms, $submitted), confirmed_ms = $now
            WHERE id = $id
            RETURNING submitted_ms
            """;
        var row = new RowParameters(insert, block, now);
        var again = new RowParameters(overwrite, block, now);
        insert.Prepare();
        overwrite.Prepare();

        var confirmationSeconds = new List<double>();
        foreach (var tx in block.Transactions)
        {
            object submittedAt = DBNull.Value;
            if (!tx.IsCoinbase)
            {
                pendingId.Value = tx.Id;
                submittedAt = unpend.ExecuteScalar() ?? DBNull.Value;
            }

            row.Bind(tx, submittedAt);
            var submittedAtMs = submittedAt as long?;
            if (insert.ExecuteNonQuery() == 0)
            {
                again.Bind(tx, submittedAt);
                submittedAtMs = overwrite.ExecuteScalar() as long?;
            }

            if (submittedAtMs is { } ms && !tx.IsCoinbase && now >= ms)
            {
                confirmationSeconds.Add((now - ms) / 1000.0);
            }
        }

        return confirmationSeconds;
    }

    /// <summary>One confirmed transaction's parameters on a prepared statement, bound again per row.</summary>
    private sealed class RowParameters
    {
        private readonly SqliteParameter _id;
        private readonly SqliteParameter _sender;
        private readonly SqliteParameter _recipient;
        private readonly SqliteParameter _amount;
        private readonly SqliteParameter _fee;
        private readonly SqliteParameter _nonce;
        private readonly SqliteParameter _coinbase;
        private readonly SqliteParameter _submitted;

        public RowParameters(SqliteCommand command, StoredBlock block, long now)
        {
            _id = command.Parameters.Add("$id", SqliteType.Text);
            _sender = command.Parameters.Add("$sender", SqliteType.Text);
            _recipient = command.Parameters.Add("$recipient", SqliteType.Text);
            _amount = command.Parameters.Add("$amount", SqliteType.Integer);
            _fee = command.Parameters.Add("$fee", SqliteType.Integer);
            _nonce = command.Parameters.Add("$nonce", SqliteType.Integer);
            _coinbase = command.Parameters.Add("$coinbase", SqliteType.Integer);
            _submitted = command.Parameters.Add("$submitted", SqliteType.Integer);
            command.Parameters.AddWithValue("$height", block.Height);
            command.Parameters.AddWithValue("$hash", block.Hash);
            command.Parameters.AddWithValue("$now", now);
        }

        public void Bind(StoredTransaction tx, object submittedAt)
        {
            _id.Value = tx.Id;
            _sender.Value = (object?)tx.Sender ?? DBNull.Value;
            _recipient.Value = tx.Recipient;
            _amount.Value = tx.Amount;
            _fee.Value = tx.Fee;
            _nonce.Value = tx.Nonce;
            _coinbase.Value = tx.IsCoinbase ? 1 : 0;
            _submitted.Value = submittedAt;
        }
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

    /// <summary>
    /// Applies the block's transfers to the accounts: summed per address first (balances add up, the next nonce is the
    /// highest), so each touched account is one row written through one prepared statement.
    /// </summary>
    private static void CreditAll(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<StoredTransaction> transactions)
    {
        var changes = new Dictionary<string, (long Delta, long? NextNonce)>(StringComparer.Ordinal);
        foreach (var tx in transactions)
        {
            if (tx.Sender is not null)
            {
                // The ledger's nonce is the sender's count of sent transfers: the next one must carry it.
                var sent = changes.GetValueOrDefault(tx.Sender);
                changes[tx.Sender] = (sent.Delta - (tx.Amount + tx.Fee), Math.Max(sent.NextNonce ?? 0, tx.Nonce + 1));
            }

            var received = changes.GetValueOrDefault(tx.Recipient);
            changes[tx.Recipient] = (received.Delta + tx.Amount, received.NextNonce);
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO accounts (address, balance, nonce) VALUES ($address, $delta, coalesce($nonce, 0))
            ON CONFLICT (address) DO UPDATE SET balance = balance + $delta, nonce = max(nonce, coalesce($nonce, nonce))
            """;
        var address = command.Parameters.Add("$address", SqliteType.Text);
        var delta = command.Parameters.Add("$delta", SqliteType.Integer);
        var nextNonce = command.Parameters.Add("$nonce", SqliteType.Integer);
        command.Prepare();
        foreach (var (account, change) in changes)
        {
            address.Value = account;
            delta.Value = change.Delta;
            nextNonce.Value = (object?)change.NextNonce ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }
}
