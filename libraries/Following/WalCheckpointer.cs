using Microsoft.Data.Sqlite;

namespace AspireChain.Following;

/// <summary>
/// Copies a store's write-ahead log into its database file on a thread of its own, so the thread that commits blocks
/// never does it inline. SQLite's automatic checkpoint runs inside the commit that crosses its threshold: with ~40 MB
/// of WAL that commit copied ~10,000 pages and flushed the file before the next block could be read. A passive
/// checkpoint runs beside the writer (it copies what no reader still needs and waits for nobody); the writer starts the
/// log over once everything was copied. The writer keeps a far larger automatic threshold as a backstop, should this
/// thread fall behind.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>The writer's own automatic checkpoint, in pages (~400 MB): only when this thread falls far behind.</summary>
    public const int BackstopPages = 100_000;

    private readonly SqliteConnection _connection;
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stopping = new();
    private readonly Thread _thread;

    /// <summary>
    /// Starts checkpointing the database at <paramref name="databasePath"/> (which exists, in WAL mode) every
    /// <paramref name="interval"/>; a pass with nothing new to copy only reads the log's header.
    /// </summary>
    public WalCheckpointer(string databasePath, TimeSpan interval)
    {
        _interval = interval;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            // The flushes a checkpoint needs in WAL mode (the log before copying, the file after) come with NORMAL.
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "WAL checkpoint" };
        _thread.Start();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Set();
        _thread.Join();
        _stopping.Dispose();
        _connection.Dispose();
    }

    private void Run()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!_stopping.Wait(_interval))
        {
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy (the writer's backstop checkpoint is running) or the disk failed, which the writer's own next
                // commit reports: either way the next pass tries again.
            }
        }
    }
}
