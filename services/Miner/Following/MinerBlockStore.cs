using Microsoft.Data.Sqlite;

namespace AspireChain.Miner.Following;

/// <summary>
/// The miner's own copy of the accepted chain and the <c>blocks</c> offset it reflects, written in one SQLite
/// transaction, so a restart resumes from there instead of replaying a topic whose retention is finite (DESIGN rule 5).
/// </summary>
internal sealed class MinerBlockStore : IDisposable
{
    private readonly SqliteConnection _connection;

    public MinerBlockStore(string databasePath)
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
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS blocks (
                height INTEGER PRIMARY KEY,
                hash   TEXT NOT NULL UNIQUE,
                json   BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS cursor (
                id          INTEGER PRIMARY KEY CHECK (id = 0),
                next_offset INTEGER NOT NULL);
            """);
    }

    /// <summary>The next <c>blocks</c> offset to read, or null for a new store (read from the beginning).</summary>
    public long? NextOffset
    {
        get
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT next_offset FROM cursor WHERE id = 0";
            return command.ExecuteScalar() is long offset ? offset : null;
        }
    }

    /// <summary>Stored blocks (JSON wire form) in height order.</summary>
    public IEnumerable<byte[]> ReadBlocks()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT json FROM blocks ORDER BY height";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (byte[])reader.GetValue(0);
        }
    }

    /// <summary>Records an applied block and the offset after it, atomically.</summary>
    public void Append(ulong height, string hash, byte[] json, long nextOffset)
    {
        using var transaction = _connection.BeginTransaction();
        using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO blocks (height, hash, json) VALUES ($height, $hash, $json)";
            command.Parameters.AddWithValue("$height", checked((long)height));
            command.Parameters.AddWithValue("$hash", hash);
            command.Parameters.AddWithValue("$json", json);
            command.ExecuteNonQuery();
        }

        using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO cursor (id, next_offset) VALUES (0, $offset)
                ON CONFLICT(id) DO UPDATE SET next_offset = MAX(next_offset, excluded.next_offset)
                """;
            command.Parameters.AddWithValue("$offset", nextOffset);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
