using AspireChain.Ledger;
using Microsoft.Data.Sqlite;

namespace AspireChain.Following;

/// <summary>
/// The one store schema every service follows <c>blocks</c> with: the accepted blocks (signed envelopes, by height),
/// named cursors (the next <c>blocks</c> offset, and any a service adds, e.g. the Validator's <c>candidates</c>) and the
/// list of faults, and the base the chain starts from when not genesis (a verified snapshot it joined from, or the state a
/// bounded history was pruned to). Each applied block is written with the cursors it moves in one SQLite transaction
/// (<c>synchronous=FULL</c> unless told otherwise), so a crash never leaves them out of step. The tables are prefixed, so a service may keep
/// its own tables in the same file. Thread-safe (one connection behind a lock).
/// </summary>
public sealed class BlockStore : IDisposable
{
    /// <summary>The cursor of <c>blocks</c>: the next offset to read.</summary>
    public const string BlocksCursor = "blocks";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS chain_blocks (
            height   INTEGER PRIMARY KEY,
            hash     TEXT NOT NULL UNIQUE,
            envelope BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS chain_cursors (
            name        TEXT PRIMARY KEY,
            next_offset INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS chain_faults (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            kind          TEXT NOT NULL,
            source_offset INTEGER,
            height        INTEGER,
            hash          TEXT,
            reason        TEXT NOT NULL,
            detail        TEXT NOT NULL,
            at_ms         INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS chain_base (
            id            INTEGER PRIMARY KEY CHECK (id = 1),
            height        INTEGER NOT NULL,
            snapshot      BLOB NOT NULL,
            joined_height INTEGER,
            joined        BLOB);
        """;

    private readonly Lock _gate = new();
    /// <summary>
    /// Per-connection SQLite settings for a store that grows by thousands of rows a second, shared with any connection a
    /// service opens on the same file: a 32 MB page cache and reads through a 256 MB memory map. ChainQuery writes its
    /// read model through this store's connection inside each block's transaction, where a block touches index pages all
    /// over a large file; a small store never fills the cache. Statement journals (SQLite's copy of each page a statement
    /// touches, kept so it can undo that statement alone) stay in memory instead of spilling to a temporary file.
    /// Checkpoints are not set here: the store's own thread runs them (<see cref="WalCheckpointer"/>).
    /// </summary>
    public const string LargeStoreTuning = "PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY;";

    /// <summary>How often the WAL is copied into the database file, beside the writer.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(500);

    private readonly SqliteConnection _connection;
    private readonly WalCheckpointer _checkpointer;
    private readonly int _maxStoredFaults;

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="databasePath"/>; <paramref name="durableCommits"/> false
    /// trades the last commits on a machine crash for no flush per block (see <see cref="FollowingOptions.DurableCommits"/>).
    /// </summary>
    public BlockStore(string databasePath, int maxStoredFaults = 1_000, bool durableCommits = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        Path = System.IO.Path.GetFullPath(databasePath);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _maxStoredFaults = Math.Max(1, maxStoredFaults);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Another connection of the same service (ChainQuery's readers and status writer) may hold the write lock briefly.
            DefaultTimeout = 30,
        }.ToString());
        _connection.Open();
        Execute($"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(durableCommits ? "FULL" : "NORMAL")}; PRAGMA busy_timeout = 30000;"
            + LargeStoreTuning + $"PRAGMA wal_autocheckpoint = {WalCheckpointer.BackstopPages};" + Schema);
        _checkpointer = new WalCheckpointer(Path, CheckpointInterval);
    }

    /// <summary>Absolute path of the database file.</summary>
    public string Path { get; }

    /// <summary>The next offset stored under <paramref name="name"/>, or null when never written.</summary>
    public long? ReadCursor(string name)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT next_offset FROM chain_cursors WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteScalar() is long offset ? offset : null;
        }
    }

    /// <summary>
    /// The state the chain starts from when not genesis (its snapshot's binary form, checked when written) and the height
    /// of the network snapshot this store joined from (null when it replayed from genesis); null when there is no base.
    /// </summary>
    public (byte[] Snapshot, long? JoinedHeight)? ReadBase()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT snapshot, joined_height FROM chain_base WHERE id = 1";
            using var reader = command.ExecuteReader();
            return reader.Read() ? ((byte[])reader.GetValue(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)) : null;
        }
    }

    /// <summary>True when the store holds nothing of a chain yet (no block, no base, no <c>blocks</c> cursor).</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = """
                    SELECT (SELECT count(*) FROM chain_blocks) + (SELECT count(*) FROM chain_base)
                         + (SELECT count(*) FROM chain_cursors WHERE name = $name)
                    """;
                command.Parameters.AddWithValue("$name", BlocksCursor);
                return command.ExecuteScalar() is 0L;
            }
        }
    }

    /// <summary>
    /// Replaces the chain with a verified network snapshot, atomically: the stored blocks go, the snapshot becomes the
    /// base, the <c>blocks</c> cursor is set to <paramref name="nextBlocksOffset"/> (the one place it may move back or
    /// jump), and <paramref name="alongside"/> writes what the service keeps with it.
    /// </summary>
    public void Seed(ChainSnapshot snapshot, long nextBlocksOffset, Action<SqliteTransaction>? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Write(transaction =>
        {
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    DELETE FROM chain_blocks;
                    INSERT OR REPLACE INTO chain_base (id, height, snapshot, joined_height, joined) VALUES (1, $height, $snapshot, $height, $snapshot);
                    INSERT OR REPLACE INTO chain_cursors (name, next_offset) VALUES ($name, $offset);
                    """;
                command.Parameters.AddWithValue("$height", checked((long)snapshot.Height));
                command.Parameters.AddWithValue("$snapshot", snapshot.ToBytes());
                command.Parameters.AddWithValue("$name", BlocksCursor);
                command.Parameters.AddWithValue("$offset", nextBlocksOffset);
                command.ExecuteNonQuery();
            }

            alongside?.Invoke(transaction);
        });
    }

    /// <summary>
    /// Moves the base: <paramref name="tip"/> (the chain's state now) becomes the state a restart rebuilds from, and the
    /// blocks below <paramref name="keepFrom"/> go (none when 0: an archive keeps them), atomically. The network snapshot
    /// joined from, if any, is kept as it was.
    /// </summary>
    public int Prune(ChainSnapshot tip, ulong keepFrom)
    {
        ArgumentNullException.ThrowIfNull(tip);
        return Write(transaction =>
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO chain_base (id, height, snapshot, joined_height) VALUES (1, $height, $snapshot, NULL)
                ON CONFLICT(id) DO UPDATE SET height = excluded.height, snapshot = excluded.snapshot;
                DELETE FROM chain_blocks WHERE height < $keep;
                """;
            command.Parameters.AddWithValue("$height", checked((long)tip.Height));
            command.Parameters.AddWithValue("$snapshot", tip.ToBytes());
            command.Parameters.AddWithValue("$keep", checked((long)keepFrom));
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>
    /// The stored envelopes above <paramref name="height"/> in height order, each as written (see
    /// <see cref="TryReadEnvelope"/>), read a page at a time so memory holds one page whatever the history's length.
    /// </summary>
    public IEnumerable<byte[]> ReadBlocks(ulong height = 0)
    {
        const int PageSize = 64;
        var after = height == 0 ? -1 : checked((long)height);
        while (true)
        {
            var page = new List<(long Height, byte[] Envelope)>(PageSize);
            lock (_gate)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT height, envelope FROM chain_blocks WHERE height > $after ORDER BY height LIMIT $limit";
                command.Parameters.AddWithValue("$after", after);
                command.Parameters.AddWithValue("$limit", PageSize);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    page.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
                }
            }

            foreach (var (_, envelope) in page)
            {
                yield return envelope;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Height;
        }
    }

    /// <summary>The verified network snapshot this store joined from (binary form), or null when it replayed from genesis.</summary>
    public byte[]? ReadJoinedSnapshot()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT joined FROM chain_base WHERE id = 1";
            return command.ExecuteScalar() as byte[];
        }
    }

    /// <summary>Default byte budget of one batch a <see cref="StoredChainReader"/> reads.</summary>
    public const long ReaderBatchBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Opens a consistent read of the store as it is now, on a read-only connection of its own and without this store's
    /// lock, so blocks keep being appended while it streams the chain (see <see cref="StoredChainReader"/>). The caller
    /// disposes it, and should not keep it open longer than it needs: the WAL cannot start over meanwhile.
    /// </summary>
    public StoredChainReader OpenReader(long batchBytes = ReaderBatchBytes) => new(Path, batchBytes);

    /// <summary>
    /// Reads a stored envelope without throwing: the binary <c>blocks</c> wire form this version writes (no JSON
    /// serialisation per block, a third of the bytes), or the JSON form an earlier version wrote.
    /// </summary>
    public static bool TryReadEnvelope(byte[] envelope, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AcceptedBlock? accepted, out ValidationResult error)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope is [(byte)'{', ..]
            ? AcceptedBlock.TryParseJson(envelope, out accepted, out error)
            : AcceptedBlock.TryReadWire(envelope, out accepted, out error);
    }

    /// <summary>
    /// Records an applied block, the <c>blocks</c> cursor after it (unless null: a block written by its own producer
    /// before it was read back) and whatever <paramref name="alongside"/> writes with the same transaction, atomically.
    /// </summary>
    public void Append(AcceptedBlock accepted, long? nextBlocksOffset, Action<SqliteTransaction>? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        Write(transaction =>
        {
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO chain_blocks (height, hash, envelope) VALUES ($height, $hash, $envelope)";
                command.Parameters.AddWithValue("$height", checked((long)accepted.Height));
                command.Parameters.AddWithValue("$hash", accepted.Hash.ToString());
                command.Parameters.AddWithValue("$envelope", accepted.ToWire());
                command.ExecuteNonQuery();
            }

            if (nextBlocksOffset is { } next)
            {
                WriteCursor(transaction, BlocksCursor, next);
            }

            alongside?.Invoke(transaction);
        });
    }

    /// <summary>
    /// Runs a service's own write (tables it keeps in the same file) in one transaction on the store's connection, in turn
    /// with the follower's block writes: one writer per file, so neither waits in SQLite's sleeping busy handler for the
    /// other, and the connection's page cache stays warm (SQLite drops a connection's cache whenever another connection
    /// committed). Throwing rolls the write back.
    /// </summary>
    public T Write<T>(Func<SqliteTransaction, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var result = write(transaction);
            transaction.Commit();
            return result;
        }
    }

    // The store's own writes: one transaction each, in turn with every other write on the connection.
    private void Write(Action<SqliteTransaction> write) => Write(transaction =>
    {
        write(transaction);
        return true;
    });

    /// <summary>Moves cursors without a new block (a duplicate, a rejected candidate), atomically.</summary>
    public void Advance(params (string Name, long NextOffset)[] cursors)
    {
        ArgumentNullException.ThrowIfNull(cursors);
        Write(transaction =>
        {
            foreach (var (name, next) in cursors)
            {
                WriteCursor(transaction, name, next);
            }
        });
    }

    /// <summary>Records a fault; with <paramref name="nextBlocksOffset"/> the record is stepped over (the cursor moves past it) in the same transaction.</summary>
    public void RecordFault(FollowFault fault, long? nextBlocksOffset)
    {
        ArgumentNullException.ThrowIfNull(fault);
        Write(transaction =>
        {
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO chain_faults (kind, source_offset, height, hash, reason, detail, at_ms)
                    VALUES ($kind, $offset, $height, $hash, $reason, $detail, $at);
                    DELETE FROM chain_faults WHERE id <= last_insert_rowid() - $keep;
                    """;
                command.Parameters.AddWithValue("$kind", fault.Kind);
                command.Parameters.AddWithValue("$offset", (object?)fault.Offset ?? DBNull.Value);
                command.Parameters.AddWithValue("$height", (object?)fault.Height ?? DBNull.Value);
                command.Parameters.AddWithValue("$hash", (object?)fault.Hash ?? DBNull.Value);
                command.Parameters.AddWithValue("$reason", fault.Reason);
                command.Parameters.AddWithValue("$detail", fault.Detail);
                command.Parameters.AddWithValue("$at", fault.AtMs);
                command.Parameters.AddWithValue("$keep", _maxStoredFaults);
                command.ExecuteNonQuery();
            }

            if (nextBlocksOffset is { } next)
            {
                WriteCursor(transaction, BlocksCursor, next);
            }
        });
    }

    /// <summary>The newest <paramref name="limit"/> faults, newest first.</summary>
    public IReadOnlyList<FollowFault> Faults(int limit)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT kind, source_offset, height, hash, reason, detail, at_ms FROM chain_faults ORDER BY id DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$limit", Math.Max(0, limit));
            using var reader = command.ExecuteReader();
            var faults = new List<FollowFault>();
            while (reader.Read())
            {
                faults.Add(new FollowFault(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetInt64(6)));
            }

            return faults;
        }
    }

    /// <summary>Faults ever recorded (the list keeps only the newest).</summary>
    public long FaultCount
    {
        get
        {
            lock (_gate)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT coalesce(max(id), 0) FROM chain_faults";
                return command.ExecuteScalar() is long count ? count : 0;
            }
        }
    }

    /// <summary>
    /// Moves cursor <paramref name="name"/> to <paramref name="nextOffset"/> inside <paramref name="transaction"/> (a
    /// service's own cursor written with its block). Cursors only move forward: re-reading an older record never rewinds them.
    /// </summary>
    public static void WriteCursor(SqliteTransaction transaction, string name, long nextOffset)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO chain_cursors (name, next_offset) VALUES ($name, $offset)
            ON CONFLICT(name) DO UPDATE SET next_offset = MAX(next_offset, excluded.next_offset)
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$offset", nextOffset);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _checkpointer.Dispose();
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
