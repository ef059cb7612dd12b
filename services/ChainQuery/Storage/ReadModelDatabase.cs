using AspireChain.Following;
using Microsoft.Data.Sqlite;

namespace AspireChain.ChainQuery.Storage;

/// <summary>Owns the SQLite file of the read model: opens connections and creates the schema once.</summary>
public sealed class ReadModelDatabase : IDisposable
{
    private readonly string _connectionString;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> in WAL mode.</summary>
    public ReadModelDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = Open();
        using var command = connection.CreateCommand();
        // WAL lets the HTTP readers run while the follower commits a block.
        command.CommandText = "PRAGMA journal_mode=WAL;" + ReadModelSchema.Ddl;
        command.ExecuteNonQuery();
        command.CommandText = ReadModelSchema.HasBlockBody;
        if (command.ExecuteScalar() is long and > 0)
        {
            command.CommandText = ReadModelSchema.DropBlockBody;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Absolute path of the database file.</summary>
    public string Path { get; }

    /// <summary>An open connection; the caller disposes it (it returns to the pool).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // NORMAL is durable across process death in WAL mode (only an OS crash can lose the last commit), and the read
        // model is rebuilt from Kafka anyway. busy_timeout: the few writes made here (genesis, at start) wait out the
        // follower's commit in SQLite's own steps of a few milliseconds (the client's retry loop alone sleeps 150 ms each
        // time it finds the lock taken); the read model's steady writes go through the follower's connection.
        // The same cache, memory map and statement journals as the follower's connection.
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;" + BlockStore.LargeStoreTuning;
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Releases pooled handles so the file can be deleted or reopened by another host.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
