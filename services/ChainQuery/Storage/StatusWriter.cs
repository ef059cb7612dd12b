using AspireChain.Following;
using Microsoft.Data.Sqlite;

namespace AspireChain.ChainQuery.Storage;

/// <summary>
/// The status side of the read model's writes: a batch of updates read from <c>transactions</c> and <c>rejections</c>
/// is written in one SQLite transaction on one connection, each kind of row through one prepared statement whose
/// parameters are bound again per row, so a batch costs one commit instead of one per record. Every row is idempotent
/// by id (a redelivered record changes nothing and is not counted twice), a confirmed transaction is never overwritten,
/// and a failed batch leaves nothing behind (it rolls back whole, so it can be written again). A transfer not yet in a
/// block is written to the small <c>pending_transactions</c> table; <c>transactions</c> gets its row once, from the block
/// that confirms it or the rejection. Batches are written through the follower's <see cref="BlockStore"/> connection,
/// in turn with its blocks (one writer per file).
/// </summary>
public sealed class StatusWriter(BlockStore store, TimeProvider clock)
{
    /// <summary>Writes <paramref name="updates"/> in order in one transaction; returns what the committed batch changed that metrics count.</summary>
    /// <exception cref="SqliteException">The write failed (store busy past the timeout, disk full): nothing of the batch was stored.</exception>
    public StatusBatchOutcome Write(IReadOnlyList<StatusUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return StatusBatchOutcome.None;
        }

        return store.Write(transaction => Write(transaction, updates));
    }

    private StatusBatchOutcome Write(SqliteTransaction transaction, IReadOnlyList<StatusUpdate> updates)
    {
        using var statements = new StatusStatements(transaction.Connection!, transaction, clock.GetUtcNow().ToUnixTimeMilliseconds());
        var confirmationSeconds = new List<double>();
        var newCandidateReasons = new List<string>();
        foreach (var update in updates)
        {
            if (update is SubmittedTransfer submitted)
            {
                if (statements.MarkPending(submitted) is { } seconds)
                {
                    confirmationSeconds.Add(seconds);
                }
            }
            else if (update is RejectedTransfer rejected)
            {
                statements.MarkRejected(rejected);
            }
            else if (update is RejectedCandidate candidate && statements.RecordCandidate(candidate))
            {
                newCandidateReasons.Add(candidate.Reason);
            }
        }

        return confirmationSeconds.Count == 0 && newCandidateReasons.Count == 0
            ? StatusBatchOutcome.None
            : new StatusBatchOutcome(confirmationSeconds, newCandidateReasons);
    }

    /// <summary>The batch's three statements, each prepared the first time its kind of row comes up and reused for the rest.</summary>
    private sealed class StatusStatements(SqliteConnection connection, SqliteTransaction transaction, long now) : IDisposable
    {
        private SqliteCommand? _known;
        private SqliteCommand? _submittedLate;
        private SqliteCommand? _pending;
        private SqliteCommand? _unpend;
        private SqliteCommand? _rejected;
        private SqliteCommand? _candidate;

        /// <summary>
        /// Pending unless known: a transfer with no row in <c>transactions</c> gets (or keeps) its pending row; one already
        /// confirmed or rejected there only gets its submit time, if it had none. Returns the seconds to confirmation when
        /// the transfer was already confirmed and its submit time is new.
        /// </summary>
        public double? MarkPending(SubmittedTransfer submitted)
        {
            var tx = submitted.Transaction;
            _known ??= Prepare("SELECT 1 FROM transactions WHERE id = $id", ("$id", SqliteType.Text));
            _known.Parameters[0].Value = tx.Id;
            if (_known.ExecuteScalar() is null)
            {
                _pending ??= Prepare(
                    """
                    INSERT INTO pending_transactions (id, sender, recipient, amount, fee, nonce, updated_ms, submitted_ms)
                    VALUES ($id, $sender, $recipient, $amount, $fee, $nonce, $now, $submitted)
                    ON CONFLICT (id) DO UPDATE SET submitted_ms = excluded.submitted_ms
                    WHERE pending_transactions.submitted_ms IS NULL AND excluded.submitted_ms IS NOT NULL
                    """,
                    ("$id", SqliteType.Text), ("$sender", SqliteType.Text), ("$recipient", SqliteType.Text), ("$amount", SqliteType.Integer),
                    ("$fee", SqliteType.Integer), ("$nonce", SqliteType.Integer), ("$submitted", SqliteType.Integer));
                var parameters = _pending.Parameters;
                parameters[0].Value = tx.Id;
                parameters[1].Value = (object?)tx.Sender ?? DBNull.Value;
                parameters[2].Value = tx.Recipient;
                parameters[3].Value = tx.Amount;
                parameters[4].Value = tx.Fee;
                parameters[5].Value = tx.Nonce;
                parameters[6].Value = (object?)submitted.SubmittedAtMs ?? DBNull.Value;
                _pending.ExecuteNonQuery();
                return null;
            }

            if (submitted.SubmittedAtMs is null)
            {
                return null;
            }

            // RETURNING yields a row only when something was written, so a redelivered record is never counted twice.
            _submittedLate ??= Prepare(
                """
                UPDATE transactions SET submitted_ms = $submitted WHERE id = $id AND submitted_ms IS NULL
                RETURNING status, confirmed_ms, submitted_ms
                """,
                ("$id", SqliteType.Text), ("$submitted", SqliteType.Integer));
            _submittedLate.Parameters[0].Value = tx.Id;
            _submittedLate.Parameters[1].Value = submitted.SubmittedAtMs;
            using var reader = _submittedLate.ExecuteReader();
            if (reader.Read() && reader.GetString(0) == "confirmed" && !reader.IsDBNull(1) && reader.GetInt64(1) >= reader.GetInt64(2))
            {
                return (reader.GetInt64(1) - reader.GetInt64(2)) / 1000.0;
            }

            return null;
        }

        /// <summary>Rejected with a reason, keeping what its pending row knew; a confirmed transaction stays confirmed.</summary>
        public void MarkRejected(RejectedTransfer rejected)
        {
            _unpend ??= Prepare(
                "DELETE FROM pending_transactions WHERE id = $id RETURNING sender, recipient, amount, fee, nonce, submitted_ms",
                ("$id", SqliteType.Text));
            _unpend.Parameters[0].Value = rejected.Id;
            var known = new object[6];
            Array.Fill(known, DBNull.Value);
            using (var reader = _unpend.ExecuteReader())
            {
                if (reader.Read())
                {
                    reader.GetValues(known);
                }
            }

            _rejected ??= Prepare(
                """
                INSERT INTO transactions (id, status, reason, detail, updated_ms, sender, recipient, amount, fee, nonce, submitted_ms)
                VALUES ($id, 'rejected', $reason, $detail, $now, $sender, $recipient, $amount, $fee, $nonce, $submitted)
                ON CONFLICT (id) DO UPDATE SET status = 'rejected', reason = excluded.reason, detail = excluded.detail, updated_ms = excluded.updated_ms
                WHERE transactions.status <> 'confirmed'
                """,
                ("$id", SqliteType.Text), ("$reason", SqliteType.Text), ("$detail", SqliteType.Text), ("$sender", SqliteType.Text),
                ("$recipient", SqliteType.Text), ("$amount", SqliteType.Integer), ("$fee", SqliteType.Integer), ("$nonce", SqliteType.Integer),
                ("$submitted", SqliteType.Integer));
            var parameters = _rejected.Parameters;
            parameters[0].Value = rejected.Id;
            parameters[1].Value = rejected.Reason;
            parameters[2].Value = rejected.Detail;
            for (var i = 0; i < known.Length; i++)
            {
                parameters[3 + i].Value = known[i];
            }

            _rejected.ExecuteNonQuery();
        }

        /// <summary>Records a rejected candidate once per hash; false when it was already recorded.</summary>
        public bool RecordCandidate(RejectedCandidate candidate)
        {
            _candidate ??= Prepare(
                """
                INSERT INTO block_rejections (hash, height, reason, detail, source, rejected_ms, at_ms)
                VALUES ($hash, $height, $reason, $detail, $source, $rejected, $now)
                ON CONFLICT (hash) DO NOTHING
                """,
                ("$hash", SqliteType.Text), ("$height", SqliteType.Integer), ("$reason", SqliteType.Text), ("$detail", SqliteType.Text),
                ("$source", SqliteType.Text), ("$rejected", SqliteType.Integer));
            var parameters = _candidate.Parameters;
            parameters[0].Value = candidate.Hash;
            parameters[1].Value = (object?)candidate.Height ?? DBNull.Value;
            parameters[2].Value = candidate.Reason;
            parameters[3].Value = (object?)candidate.Detail ?? DBNull.Value;
            parameters[4].Value = (object?)candidate.Source ?? DBNull.Value;
            parameters[5].Value = (object?)candidate.RejectedAtMs ?? DBNull.Value;
            return _candidate.ExecuteNonQuery() == 1;
        }

        public void Dispose()
        {
            _known?.Dispose();
            _submittedLate?.Dispose();
            _pending?.Dispose();
            _unpend?.Dispose();
            _rejected?.Dispose();
            _candidate?.Dispose();
        }

        // The row's parameters in the order given, then $now (the same for the whole batch), bound once.
        private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                command.Parameters.Add(name, type);
            }

            command.Parameters.AddWithValue("$now", now);
            command.Prepare();
            return command;
        }
    }
}
