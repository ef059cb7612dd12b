using System.Globalization;
using AspireChain.ChainQuery.Storage;
using AspireChain.Following;
using Microsoft.Data.Sqlite;

namespace AspireChain.ChainQuery.Tests;

/// <summary>
/// The status side's batches against a real SQLite read model: one transaction per batch, idempotent by id, the
/// precedence confirmed &gt; rejected &gt; pending inside one batch, and a failed batch leaving nothing behind.
/// </summary>
public sealed class StatusWriterTests : IDisposable
{
    // The store's clock: a block applied now confirms at this instant, so latencies are exact.
    private const long Now = 1_000_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("status-writer-tests-").FullName;
    private readonly ReadModelDatabase _database;
    private readonly BlockStore _store;
    private readonly StatusWriter _status;
    private readonly ReadModelWriter _blocks;

    public StatusWriterTests()
    {
        _database = new ReadModelDatabase(Path.Combine(_directory, "chainquery.db"));
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(Now));
        _store = new BlockStore(_database.Path, durableCommits: false);
        _status = new StatusWriter(_store, clock);
        _blocks = new ReadModelWriter(_database, clock);
    }

    [Fact]
    public void Redelivered_records_in_a_batch_are_written_once_and_counted_once()
    {
        var confirmed = Transfer('c');
        ConfirmInBlock(confirmed);
        var pending = Transfer('a');
        StatusUpdate[] batch =
        [
            new SubmittedTransfer(pending, 900_000),
            new SubmittedTransfer(pending, 900_000),
            // Its block was applied first: the submission seen now gives the confirmation latency, once.
            new SubmittedTransfer(confirmed, 995_000),
            new SubmittedTransfer(confirmed, 995_000),
            new RejectedCandidate(Hash('1'), 7, "stale", "lost the race", "validator", 990_000),
            new RejectedCandidate(Hash('1'), 7, "stale", "lost the race", "validator", 990_000),
            new RejectedCandidate(Hash('2'), 7, "high-hash", null, null, null),
        ];

        var first = _status.Write(batch);

        Assert.Equal([5.0], first.ConfirmationSeconds);
        Assert.Equal(["stale", "high-hash"], first.NewCandidateRejectionReasons);
        Assert.Equal(("pending", 900_000L), StatusOf(pending.Id));
        Assert.Equal(("confirmed", 995_000L), StatusOf(confirmed.Id));
        // The block's coinbase, the confirmed transfer and the pending one.
        Assert.Equal(3, Count(AllTransfers));
        Assert.Equal(2, Count("block_rejections"));

        // The whole batch delivered again (a crash before its offsets were committed): nothing changes, nothing counts.
        var again = _status.Write(batch);

        Assert.Empty(again.ConfirmationSeconds);
        Assert.Empty(again.NewCandidateRejectionReasons);
        Assert.Equal(3, Count(AllTransfers));
        Assert.Equal(("pending", 900_000L), StatusOf(pending.Id));
        Assert.Equal(2, Count("block_rejections"));
    }

    [Fact]
    public void Pending_and_rejected_for_one_id_in_a_batch_keep_precedence_and_a_confirmed_one_stays_confirmed()
    {
        var confirmed = Transfer('c');
        ConfirmInBlock(confirmed);
        var pendingThenRejected = Transfer('d');
        var rejectedThenPending = Transfer('e');

        _status.Write(
        [
            new SubmittedTransfer(pendingThenRejected, 900_000),
            new RejectedTransfer(pendingThenRejected.Id, "bad-nonce", "nonce 3, expected 2"),
            new RejectedTransfer(rejectedThenPending.Id, "insufficient-funds", "balance 0"),
            new SubmittedTransfer(rejectedThenPending, 901_000),
            new SubmittedTransfer(confirmed, 902_000),
            new RejectedTransfer(confirmed.Id, "bad-nonce", "seen again by a late miner"),
        ]);

        Assert.Equal(("rejected", "bad-nonce"), ReasonOf(pendingThenRejected.Id));
        // A submission read after its rejection does not bring it back to pending; it keeps its submit time.
        Assert.Equal(("rejected", "insufficient-funds"), ReasonOf(rejectedThenPending.Id));
        Assert.Equal(("rejected", 901_000L), StatusOf(rejectedThenPending.Id));
        Assert.Equal(("confirmed", (string?)null), ReasonOf(confirmed.Id));
    }

    [Fact]
    public void A_block_moves_a_pending_transfer_to_confirmed_once_with_its_submit_time()
    {
        var transfer = Transfer('a');
        _status.Write([new SubmittedTransfer(transfer, 990_000)]);
        Assert.Equal(1, Count("pending_transactions"));
        Assert.Equal(0, Count("transactions"));

        var application = ConfirmInBlock(transfer);

        Assert.Equal([(Now - 990_000) / 1000.0], application.ConfirmationSeconds);
        Assert.Equal(0, Count("pending_transactions"));
        Assert.Equal(("confirmed", 990_000L), StatusOf(transfer.Id));
        // Its submission read again later changes nothing and is not counted again.
        Assert.Empty(_status.Write([new SubmittedTransfer(transfer, 990_000)]).ConfirmationSeconds);
        Assert.Equal(0, Count("pending_transactions"));
    }

    [Fact]
    public void A_rejection_keeps_what_the_pending_row_knew()
    {
        var transfer = Transfer('r');
        _status.Write([new SubmittedTransfer(transfer, 990_000)]);
        _status.Write([new RejectedTransfer(transfer.Id, "bad-nonce", "nonce 3, expected 2")]);

        Assert.Equal(0, Count("pending_transactions"));
        Assert.Equal(("rejected", 990_000L), StatusOf(transfer.Id));
        var (_, sender) = StatusWith(transfer.Id, "sender");
        Assert.Equal(transfer.Sender, sender);
    }

    [Fact]
    public void A_block_confirms_a_rejected_transfer_keeping_its_submit_time_and_clearing_the_reason()
    {
        // A miner turned it down (it was behind), and a later block holds it anyway: the confirmed block outranks the
        // rejection, in the one row the rejection wrote.
        var transfer = Transfer('b');
        _status.Write([new SubmittedTransfer(transfer, 985_000)]);
        _status.Write([new RejectedTransfer(transfer.Id, "bad-nonce", "nonce 3, expected 2")]);
        Assert.Equal(("rejected", "bad-nonce"), ReasonOf(transfer.Id));

        var application = ConfirmInBlock(transfer);

        Assert.Equal([(Now - 985_000) / 1000.0], application.ConfirmationSeconds);
        Assert.Equal(("confirmed", 985_000L), StatusOf(transfer.Id));
        Assert.Equal(("confirmed", (string?)null), ReasonOf(transfer.Id));
        Assert.Equal(2, Count("transactions"));
        Assert.Equal(0, Count("pending_transactions"));
    }

    [Fact]
    public void A_failed_batch_leaves_nothing_behind_and_is_written_whole_when_tried_again()
    {
        var before = Transfer('a');
        var failing = Transfer('f');
        var after = Transfer('b');
        Execute($"""
            CREATE TRIGGER fail_one BEFORE INSERT ON pending_transactions WHEN NEW.id = '{failing.Id}'
            BEGIN SELECT RAISE(ABORT, 'injected write failure'); END
            """);
        StatusUpdate[] batch =
        [
            new SubmittedTransfer(before, 900_000),
            new RejectedCandidate(Hash('1'), 7, "stale", null, "validator", 990_000),
            new SubmittedTransfer(failing, 900_000),
            new SubmittedTransfer(after, 900_000),
        ];

        var failure = Assert.Throws<SqliteException>(() => _status.Write(batch));

        Assert.Contains("injected write failure", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count(AllTransfers));
        Assert.Equal(0, Count("block_rejections"));

        Execute("DROP TRIGGER fail_one");
        var outcome = _status.Write(batch);

        Assert.Equal(["stale"], outcome.NewCandidateRejectionReasons);
        Assert.Equal(3, Count(AllTransfers + " WHERE status = 'pending'"));
        Assert.Equal(1, Count("block_rejections"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static StoredTransaction Transfer(char id) => new(new string(id, 64), "sender-" + id, "recipient", 10, 1, 0, false);

    private static string Hash(char digit) => new(digit, 64);

    private BlockApplication ConfirmInBlock(StoredTransaction tx)
    {
        var coinbase = new StoredTransaction(Hash('0'), null, "miner", 50, 0, 0, true);
        return _blocks.ApplyGenesis(new StoredBlock(0, Hash('9'), Hash('8'), Hash('7'), 0, "ff", 1, 0, "miner", 2, [coinbase, tx]));
    }

    private (string Status, long? SubmittedMs) StatusOf(string id)
    {
        var (status, submitted) = StatusWith(id, "submitted_ms");
        return (status, submitted is null ? null : Convert.ToInt64(submitted, CultureInfo.InvariantCulture));
    }

    private (string Status, string? Reason) ReasonOf(string id)
    {
        var (status, reason) = StatusWith(id, "reason");
        return (status, (string?)reason);
    }

    // A stored transaction's status and one more of its columns.
    private (string Status, object? Value) StatusWith(string id, string column)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, " + column + " FROM " + AllTransfers + " WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"transaction {id} is stored");
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetValue(1));
    }

    // Every transfer the read model knows, wherever it is kept: pending ones wait in their own table.
    private const string AllTransfers = """
        (SELECT id, status, submitted_ms, reason, sender FROM transactions
         UNION ALL SELECT id, 'pending', submitted_ms, NULL, sender FROM pending_transactions)
        """;

    private long Count(string tableAndFilter)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM " + tableAndFilter;
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
