using Microsoft.Data.Sqlite;

namespace AspireChain.Following;

/// <summary>
/// A consistent read of a <see cref="BlockStore"/>'s file as it was when opened, without the store's lock: a read-only
/// connection of its own and one read transaction (the file is in WAL mode, so the follower keeps committing blocks
/// beside it and nothing committed after the open is seen). Blocks are streamed in height order in batches bounded in
/// count and bytes, so memory stays bounded whatever the chain's length. A service reads its own tables in the same
/// file at the same moment through <see cref="CreateCommand"/>. Not thread-safe; dispose it to end the transaction
/// (while it is open the WAL cannot be started over, so it grows by what the follower writes meanwhile).
/// </summary>
public sealed class StoredChainReader : IDisposable
{
    /// <summary>Most blocks read in one batch.</summary>
    public const int BatchBlocks = 256;

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly long _batchBytes;

    internal StoredChainReader(string databasePath, long batchBytes)
    {
        _batchBytes = Math.Max(1, batchBytes);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            _connection.Open();
            using (var pragma = _connection.CreateCommand())
            {
                // Reads through the memory map like the store's own connection; a small cache: each page is read once.
                pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA mmap_size = 268435456; PRAGMA cache_size = -4096;";
                pragma.ExecuteNonQuery();
            }

            _transaction = _connection.BeginTransaction(deferred: true);
            // A deferred transaction takes its snapshot at its first read: take it now, so the reader shows the opening moment.
            TipHeight = Scalar("SELECT coalesce(max(height), -1) FROM chain_blocks") ?? -1;
            LowestHeight = Scalar("SELECT min(height) FROM chain_blocks");
            Base = ReadBase();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Height of the highest stored block at the opening moment, -1 when none is stored (genesis is computed, never stored).</summary>
    public long TipHeight { get; }

    /// <summary>Height of the lowest stored block at the opening moment, null when none is stored.</summary>
    public long? LowestHeight { get; }

    /// <summary>The store's base at the opening moment, or null when it has none (a chain replayed from genesis, never moved).</summary>
    public StoredBase? Base { get; }

    /// <summary>The stored envelope at <paramref name="height"/>, or null when none is held there.</summary>
    public byte[]? ReadEnvelope(long height)
    {
        using var command = CreateCommand();
        command.CommandText = "SELECT envelope FROM chain_blocks WHERE height = $height";
        command.Parameters.AddWithValue("$height", height);
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>
    /// The stored blocks from <paramref name="fromHeight"/> up to <see cref="TipHeight"/>, in height order, read in
    /// batches of at most <see cref="BatchBlocks"/> blocks and about the batch byte budget (a block larger than the budget
    /// is a batch of its own): one batch is in memory at a time.
    /// </summary>
    public IEnumerable<StoredEnvelope> ReadBlocks(long fromHeight)
    {
        var next = fromHeight;
        while (next <= TipHeight)
        {
            var batch = ReadBatch(next);
            if (batch.Count == 0)
            {
                yield break;
            }

            foreach (var block in batch)
            {
                yield return block;
            }

            next = batch[^1].Height + 1;
        }
    }

    /// <summary>A command inside the reader's transaction, for the service's own tables in the same file at the same moment.</summary>
    public SqliteCommand CreateCommand()
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        return command;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _transaction.Dispose();
        _connection.Dispose();
    }

    private List<StoredEnvelope> ReadBatch(long fromHeight)
    {
        using var command = CreateCommand();
        command.CommandText = "SELECT height, envelope FROM chain_blocks WHERE height >= $from AND height <= $tip ORDER BY height LIMIT $limit";
        command.Parameters.AddWithValue("$from", fromHeight);
        command.Parameters.AddWithValue("$tip", TipHeight);
        command.Parameters.AddWithValue("$limit", BatchBlocks);
        using var reader = command.ExecuteReader();
        var batch = new List<StoredEnvelope>();
        long bytes = 0;
        while (bytes < _batchBytes && reader.Read())
        {
            var envelope = (byte[])reader.GetValue(1);
            bytes += envelope.Length;
            batch.Add(new StoredEnvelope(reader.GetInt64(0), envelope));
        }

        return batch;
    }

    private StoredBase? ReadBase()
    {
        using var command = CreateCommand();
        command.CommandText = "SELECT height, snapshot, joined_height, joined FROM chain_base WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StoredBase(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3))
            : null;
    }

    private long? Scalar(string sql)
    {
        using var command = CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : null;
    }
}
