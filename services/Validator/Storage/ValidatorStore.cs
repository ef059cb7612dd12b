using Microsoft.Data.Sqlite;

namespace AspireChain.Validator.Storage;

/// <summary>
/// The Validator's own durable chain: accepted blocks plus the <c>candidates</c> and <c>blocks</c> offsets
/// that state reflects, written in one SQLite transaction so a crash never leaves them out of step (DESIGN rule 5).
/// </summary>
internal sealed class ValidatorStore : IDisposable
{
    private const string CandidatesCursor = "candidates";
    private const string BlocksCursor = "blocks";

    private readonly SqliteConnection _connection;

    public ValidatorStore(string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS blocks (
                height INTEGER PRIMARY KEY,
                hash   TEXT NOT NULL UNIQUE,
                json   TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS cursors (
                name   TEXT PRIMARY KEY,
                next_offset INTEGER NOT NULL);
            """);
    }

    /// <summary>The next <c>candidates</c> offset to read; 0 when the store is new.</summary>
    public long NextCandidateOffset => ReadCursor(CandidatesCursor);

    /// <summary>The next <c>blocks</c> offset to read when catching up with what another validator published.</summary>
    public long NextBlocksOffset => ReadCursor(BlocksCursor);

    /// <summary>Stored blocks (JSON) in height order, genesis excluded.</summary>
    public IEnumerable<string> ReadBlocks()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT json FROM blocks ORDER BY height";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return reader.GetString(0);
        }
    }

    /// <summary>Records an accepted block and the cursors its acceptance moved, atomically.</summary>
    public void Append(long height, string hash, string json, long? nextCandidateOffset, long? nextBlocksOffset)
    {
        using var transaction = _connection.BeginTransaction();
        using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO blocks (height, hash, json) VALUES ($height, $hash, $json)";
            command.Parameters.AddWithValue("$height", height);
            command.Parameters.AddWithValue("$hash", hash);
            command.Parameters.AddWithValue("$json", json);
            command.ExecuteNonQuery();
        }

        WriteCursors(transaction, nextCandidateOffset, nextBlocksOffset);
        transaction.Commit();
    }

    /// <summary>Moves the cursors without a new block (a rejected candidate, an already-known block).</summary>
    public void Advance(long? nextCandidateOffset, long? nextBlocksOffset)
    {
        using var transaction = _connection.BeginTransaction();
        WriteCursors(transaction, nextCandidateOffset, nextBlocksOffset);
        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();

    private void WriteCursors(SqliteTransaction transaction, long? nextCandidateOffset, long? nextBlocksOffset)
    {
        if (nextCandidateOffset is { } candidates)
        {
            WriteCursor(transaction, CandidatesCursor, candidates);
        }

        if (nextBlocksOffset is { } blocks)
        {
            WriteCursor(transaction, BlocksCursor, blocks);
        }
    }

    private void WriteCursor(SqliteTransaction transaction, string name, long nextOffset)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        // A cursor only moves forward: re-reading an older message must not rewind what the state reflects.
        command.CommandText = """
            INSERT INTO cursors (name, next_offset) VALUES ($name, $offset)
            ON CONFLICT(name) DO UPDATE SET next_offset = MAX(next_offset, excluded.next_offset)
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$offset", nextOffset);
        command.ExecuteNonQuery();
    }

    private long ReadCursor(string name)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT next_offset FROM cursors WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is long offset ? offset : 0;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
