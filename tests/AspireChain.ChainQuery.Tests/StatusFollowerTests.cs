using AspireChain.ChainQuery.Consumers;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults.Kafka;
using Microsoft.Data.Sqlite;
using static AspireChain.ChainQuery.Tests.Infrastructure.ChainQueryHost;

namespace AspireChain.ChainQuery.Tests;

/// <summary>
/// The status follower's batches against the embedded broker: records already on the topics when it starts are read
/// together; an unreadable one is stepped over with the rest written, and the group's offsets move only after the
/// batch's write committed.
/// </summary>
public sealed class StatusFollowerTests() : PublishedChainTests("status-follower-tests-")
{
    private const string Group = "chainquery";
    private static readonly string FollowerLogs = typeof(StatusFollower).FullName!;

    [Fact]
    public async Task Unreadable_records_inside_a_batch_are_stepped_over_and_the_rest_written_with_every_offset_stored()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var bob = KeyPair.Generate();
        var first = Wallets.Transfer(faucet, bob.Address, 5, 0);
        var second = Wallets.Transfer(faucet, bob.Address, 6, 1);
        // Keyed by the sender, as Ingest keys transfers: all three land in one partition, the garbage in the middle.
        _publisher.Transaction(first);
        _publisher.Raw(Topics.Transactions, faucet.Address.ToString(), "{\"not\":\"a transfer\"}");
        _publisher.Transaction(second);
        _publisher.Raw(Topics.Rejections, "no-id", "not json at all");
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('e', 64), 3, "stale", "lost the race", "validator", DateTimeOffset.UtcNow));
        using var logs = new CapturedLogs();

        await using var query = await StartAsync(_broker.BootstrapServers, DatabasePath, logs);

        (await WaitForStatusAsync(query, first.Id, "pending")).Dispose();
        (await WaitForStatusAsync(query, second.Id, "pending")).Dispose();
        (await WaitForAsync(query, "/stats", s => s.RootElement.GetProperty("staleBlocks").GetInt64() == 1)).Dispose();
        // One past the last record of each topic: the unreadable records' offsets were stored with the others'.
        await Eventually.TrueAsync(() => GroupOffsets.CommittedTotal(_broker.BootstrapServers, Group, Topics.Transactions) == 3, "the transactions offsets to be committed");
        await Eventually.TrueAsync(() => GroupOffsets.CommittedTotal(_broker.BootstrapServers, Group, Topics.Rejections) == 2, "the rejections offsets to be committed");
        var skipped = logs.Warnings(FollowerLogs).Where(m => m.StartsWith("Skipped an unreadable", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, skipped.Count);
        Assert.Contains(skipped, m => m.Contains($"{Topics.Transactions} record at offset 1", StringComparison.Ordinal));
        Assert.Contains(skipped, m => m.Contains($"{Topics.Rejections} record at offset 0", StringComparison.Ordinal));
        // Counted too (metric aspirechain.kafka.records.unreadable), with where each one was.
        var unreadable = query.Get<UnreadableRecords>();
        Assert.Equal(2, unreadable.Total);
        Assert.Equal(
            [(Topics.Rejections, 0L), (Topics.Transactions, 1L)],
            unreadable.Recent.Select(r => (r.Topic, r.Offset)).OrderBy(r => r.Topic, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Offsets_are_stored_only_after_the_batch_committed_and_a_failed_batch_is_retried_whole()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var bob = KeyPair.Generate();
        var transfers = Enumerable.Range(0, 3).Select(n => Wallets.Transfer(faucet, bob.Address, 5, (ulong)n)).ToList();
        var failing = transfers[1];
        // The read model exists before ChainQuery starts, with a write failure planted for the middle transfer.
        new ReadModelDatabase(DatabasePath).Dispose();
        Execute($"""
            CREATE TRIGGER fail_one BEFORE INSERT ON pending_transactions WHEN NEW.id = '{failing.Id}'
            BEGIN SELECT RAISE(ABORT, 'injected write failure'); END
            """);
        _publisher.Transactions(transfers);
        using var logs = new CapturedLogs();

        await using var query = await StartAsync(_broker.BootstrapServers, DatabasePath, logs);

        // Three attempts are two retry delays: the consumer's one-second auto-commit has run meanwhile.
        await Eventually.TrueAsync(
            () => logs.Warnings(FollowerLogs).Count(m => m.StartsWith("Writing a batch", StringComparison.Ordinal)) >= 3,
            "the failing batch to be tried three times");
        Assert.Equal(0, CountTransfers(transfers));
        Assert.Equal(0, GroupOffsets.CommittedTotal(_broker.BootstrapServers, Group, Topics.Transactions));

        Execute("DROP TRIGGER fail_one");

        foreach (var transfer in transfers)
        {
            (await WaitForStatusAsync(query, transfer.Id, "pending")).Dispose();
        }

        await Eventually.TrueAsync(() => GroupOffsets.CommittedTotal(_broker.BootstrapServers, Group, Topics.Transactions) == 3, "the batch's offsets to be committed");
        Assert.Equal(3, CountTransfers(transfers));
    }

    private string DatabasePath => Path.Combine(_dataDirectory, "chainquery.db");

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long CountTransfers(IEnumerable<Transaction> transfers)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        // Pending transfers wait in their own table until a block or a rejection moves them to `transactions`.
        var ids = string.Join(',', transfers.Select(t => $"'{t.Id}'"));
        command.CommandText = $"SELECT (SELECT count(*) FROM transactions WHERE id IN ({ids})) + (SELECT count(*) FROM pending_transactions WHERE id IN ({ids}))";
        return (long)command.ExecuteScalar()!;
    }

    private static Task<System.Text.Json.JsonDocument> WaitForStatusAsync(ServiceHost query, Hash256 id, string status) =>
        WaitForAsync(query, $"/transactions/{id}", s => s.RootElement.GetProperty("status").GetString() == status);
}
