using AspireChain.ChainQuery.Apis;
using AspireChain.ChainQuery.Verification;
using AspireChain.Following;
using Microsoft.Data.Sqlite;

namespace AspireChain.ChainQuery.Storage;

/// <summary>
/// The verification runs and the checkpoint, kept in the read model's file so the last verdict and the point the next
/// run starts from survive a restart. Writes go through the follower's connection (<see cref="BlockStore.Write{T}"/>:
/// one writer per file); reads open their own pooled connection.
/// </summary>
public sealed class VerificationStore(ReadModelDatabase database, BlockStore store)
{
    /// <summary>Newest runs kept.</summary>
    public const int RunsKept = 100;

    private const string Columns = """
        id, state, mode, checkpoint_height, from_height, to_height, height, blocks_checked, blocks_total, transfers_checked,
        signatures_per_second, started_ms, finished_ms, first_bad_height, reason, detail
        """;

    /// <summary>Records a run starting now (state running) and returns its number.</summary>
    public long Begin(VerificationRequest request, int? signaturesPerSecond, long startedAtMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        return store.Write(transaction =>
        {
            using var command = Command(transaction, """
                INSERT INTO verification_runs (state, mode, from_height, to_height, height, blocks_checked, blocks_total, transfers_checked, signatures_per_second, started_ms)
                VALUES ($state, $mode, 0, -1, -1, 0, 0, 0, $pace, $started);
                DELETE FROM verification_runs WHERE id <= last_insert_rowid() - $keep;
                SELECT last_insert_rowid();
                """);
            command.Parameters.AddWithValue("$state", VerificationStates.Running);
            command.Parameters.AddWithValue("$mode", request.Full ? VerificationStates.Full : VerificationStates.Incremental);
            command.Parameters.AddWithValue("$pace", (object?)signaturesPerSecond ?? DBNull.Value);
            command.Parameters.AddWithValue("$started", startedAtMs);
            command.Parameters.AddWithValue("$keep", RunsKept);
            return (long)command.ExecuteScalar()!;
        });
    }

    /// <summary>Records how <paramref name="run"/> ended and, for a valid run, the checkpoint it reached, in one transaction.</summary>
    public void Finish(ChainVerificationRun run, VerificationCheckpoint? checkpoint)
    {
        ArgumentNullException.ThrowIfNull(run);
        store.Write(transaction =>
        {
            using (var command = Command(transaction, """
                UPDATE verification_runs SET state = $state, mode = $mode, checkpoint_height = $checkpoint, from_height = $from,
                    to_height = $to, height = $height, blocks_checked = $checked, blocks_total = $total, transfers_checked = $transfers,
                    finished_ms = $finished, first_bad_height = $bad, reason = $reason, detail = $detail
                WHERE id = $id
                """))
            {
                command.Parameters.AddWithValue("$id", run.Id);
                command.Parameters.AddWithValue("$state", run.State);
                command.Parameters.AddWithValue("$mode", run.Mode);
                command.Parameters.AddWithValue("$checkpoint", (object?)run.CheckpointHeight ?? DBNull.Value);
                command.Parameters.AddWithValue("$from", run.FromHeight);
                command.Parameters.AddWithValue("$to", run.ToHeight);
                command.Parameters.AddWithValue("$height", run.Height);
                command.Parameters.AddWithValue("$checked", run.BlocksChecked);
                command.Parameters.AddWithValue("$total", run.BlocksTotal);
                command.Parameters.AddWithValue("$transfers", run.TransfersChecked);
                command.Parameters.AddWithValue("$finished", (object?)run.FinishedAtMs ?? DBNull.Value);
                command.Parameters.AddWithValue("$bad", (object?)run.FirstBadHeight ?? DBNull.Value);
                command.Parameters.AddWithValue("$reason", (object?)run.Reason ?? DBNull.Value);
                command.Parameters.AddWithValue("$detail", (object?)run.Detail ?? DBNull.Value);
                command.ExecuteNonQuery();
            }

            if (checkpoint is not null)
            {
                using var command = Command(transaction, """
                    INSERT OR REPLACE INTO verification_checkpoint (id, height, hash, snapshot, run_id, at_ms)
                    VALUES (1, $height, $hash, $snapshot, $run, $at)
                    """);
                command.Parameters.AddWithValue("$height", checkpoint.Height);
                command.Parameters.AddWithValue("$hash", checkpoint.Hash);
                command.Parameters.AddWithValue("$snapshot", checkpoint.Snapshot);
                command.Parameters.AddWithValue("$run", run.Id);
                command.Parameters.AddWithValue("$at", run.FinishedAtMs ?? run.StartedAtMs);
                command.ExecuteNonQuery();
            }

            return true;
        });
    }

    /// <summary>Runs a previous process left <c>running</c> (it stopped or died first) become <c>interrupted</c>; returns how many.</summary>
    public int Interrupt(long atMs) => store.Write(transaction =>
    {
        using var command = Command(transaction, """
            UPDATE verification_runs SET state = $interrupted, finished_ms = $at,
                detail = 'ChainQuery stopped before the run finished.'
            WHERE state = $running
            """);
        command.Parameters.AddWithValue("$interrupted", VerificationStates.Interrupted);
        command.Parameters.AddWithValue("$running", VerificationStates.Running);
        command.Parameters.AddWithValue("$at", atMs);
        return command.ExecuteNonQuery();
    });

    /// <summary>The newest run, or null when none ever ran.</summary>
    public ChainVerificationRun? Latest() => ReadRun($"SELECT {Columns} FROM verification_runs ORDER BY id DESC LIMIT 1", null);

    /// <summary>Run <paramref name="id"/>, or null when unknown (or no longer kept).</summary>
    public ChainVerificationRun? Find(long id) => ReadRun($"SELECT {Columns} FROM verification_runs WHERE id = $id", id);

    /// <summary>The checkpoint the last valid run left, as <paramref name="reader"/> (the run's own snapshot of the file) sees it.</summary>
    public static VerificationCheckpoint? Checkpoint(StoredChainReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var command = reader.CreateCommand();
        command.CommandText = "SELECT height, hash, snapshot FROM verification_checkpoint WHERE id = 1";
        using var row = command.ExecuteReader();
        return row.Read() ? new VerificationCheckpoint(row.GetInt64(0), row.GetString(1), (byte[])row.GetValue(2)) : null;
    }

    private ChainVerificationRun? ReadRun(string sql, long? id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is { } key)
        {
            command.Parameters.AddWithValue("$id", key);
        }

        using var row = command.ExecuteReader();
        if (!row.Read())
        {
            return null;
        }

        var state = row.GetString(1);
        var started = row.GetInt64(11);
        long? finished = row.IsDBNull(12) ? null : row.GetInt64(12);
        return new ChainVerificationRun(
            row.GetInt64(0), state, state == VerificationStates.Valid, row.GetString(2), NullableInt64(row, 3), row.GetInt64(4),
            row.GetInt64(5), row.GetInt64(6), row.GetInt64(7), row.GetInt64(8), row.GetInt64(9),
            row.IsDBNull(10) ? null : row.GetInt32(10), started, finished, Math.Max(0, (finished ?? started) - started),
            NullableInt64(row, 13), row.IsDBNull(14) ? null : row.GetString(14), row.IsDBNull(15) ? null : row.GetString(15));
    }

    private static long? NullableInt64(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetInt64(ordinal);

    private static SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
