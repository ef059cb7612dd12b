using System.Diagnostics;
using AspireChain.Following;
using Microsoft.Data.Sqlite;

namespace AspireChain.Following.Tests;

/// <summary>
/// The store's write path a service shares (<see cref="BlockStore.Write{T}"/>) and the WAL checkpoints that run beside
/// the writer rather than inside its commits.
/// </summary>
public sealed class BlockStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void The_log_is_copied_into_the_store_file_by_a_thread_of_its_own_not_by_the_writers_commits()
    {
        var path = _data.File("store.db");
        using var store = new BlockStore(path, durableCommits: false);
        // The writer's own automatic checkpoint only ever runs far beyond what this test writes.
        Assert.Equal(100_000L, store.Write(transaction => Scalar(transaction, "PRAGMA wal_autocheckpoint")));
        var before = new FileInfo(path).Length;

        // About 8 MB in 16 commits: far below the writer's threshold (~400 MB), so only the background pass copies it.
        store.Write(transaction => Execute(transaction, "CREATE TABLE payload (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"));
        for (var commit = 0; commit < 16; commit++)
        {
            store.Write(transaction =>
            {
                for (var row = 0; row < 128; row++)
                {
                    Execute(transaction, "INSERT INTO payload (data) VALUES (randomblob(4096))");
                }

                return 0;
            });
        }

        var clock = Stopwatch.StartNew();
        while (new FileInfo(path).Length < before + 8_000_000 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(50);
        }

        Assert.True(new FileInfo(path).Length >= before + 8_000_000, $"store file {new FileInfo(path).Length} bytes after {clock.Elapsed}: the log was not copied into it");
        Assert.Equal(16L * 128, store.Write(transaction => Scalar(transaction, "SELECT count(*) FROM payload")));
    }

    [Fact]
    public void A_write_that_throws_leaves_nothing_behind()
    {
        using var store = new BlockStore(_data.File("store.db"), durableCommits: false);
        store.Write(transaction => Execute(transaction, "CREATE TABLE notes (text TEXT NOT NULL)"));

        Assert.Throws<InvalidOperationException>(() => store.Write<int>(transaction =>
        {
            Execute(transaction, "INSERT INTO notes (text) VALUES ('half a batch')");
            throw new InvalidOperationException("the batch failed halfway");
        }));

        Assert.Equal(0L, store.Write(transaction => Scalar(transaction, "SELECT count(*) FROM notes")));
        // The connection is usable again: the next write commits.
        store.Write(transaction => Execute(transaction, "INSERT INTO notes (text) VALUES ('whole')"));
        Assert.Equal(1L, store.Write(transaction => Scalar(transaction, "SELECT count(*) FROM notes")));
    }

    private static int Execute(SqliteTransaction transaction, string sql)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteTransaction transaction, string sql)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
