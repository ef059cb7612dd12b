using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.Following;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using static AspireChain.ChainQuery.Tests.Infrastructure.ChainQueryHost;

namespace AspireChain.ChainQuery.Tests;

/// <summary>ChainQuery against the embedded broker: blocks produced to <c>blocks</c> become a queryable, restart-safe read model.</summary>
public sealed class ChainQueryTests() : PublishedChainTests("chainquery-tests-")
{
    [Fact]
    public async Task Applied_chain_answers_every_endpoint()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        using var bob = KeyPair.Generate();
        var toAlice = Wallets.Transfer(faucet, alice.Address, 1_000, 0);
        var toBob = Wallets.Transfer(faucet, bob.Address, 500, 1);
        var aliceToBob = Wallets.Transfer(alice, bob.Address, 100, 0);
        var block1 = _chain.Next(toAlice, toBob);
        var block2 = _chain.Next(aliceToBob);
        var block3 = _chain.Next();
        foreach (var block in new[] { block1, block2, block3 })
        {
            _publisher.Block(block);
        }

        var pending = Wallets.Transfer(faucet, bob.Address, 7, 2);
        var rejected = Wallets.Transfer(alice, bob.Address, 1_000_000, 1);
        _publisher.Transaction(pending);
        _publisher.Transaction(toAlice);
        _publisher.Rejection(new Rejection(RejectionKinds.Transaction, rejected.Id.ToString(), null, "insufficient-funds", "alice cannot pay", "miner-0", DateTimeOffset.UtcNow));
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('e', 64), 3, "stale", "lost the race", "validator", DateTimeOffset.UtcNow));

        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 3);

        using (var chain = await GetJsonAsync(query, "/chain?page=1&pageSize=2"))
        {
            var root = chain.RootElement;
            Assert.Equal([3L, 2L], root.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("height").GetInt64()));
            Assert.Equal(4, root.GetProperty("total").GetInt64());
            Assert.True(root.GetProperty("hasNext").GetBoolean());
        }

        using (var chain = await GetJsonAsync(query, "/chain?page=2&pageSize=2"))
        {
            Assert.Equal([1L, 0L], chain.RootElement.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("height").GetInt64()));
            Assert.False(chain.RootElement.GetProperty("hasNext").GetBoolean());
        }

        using (var byHeight = await GetJsonAsync(query, "/blocks/1"))
        {
            Assert.Equal(block1.Hash.ToString(), byHeight.RootElement.GetProperty("hash").GetString());
            Assert.Equal(3, byHeight.RootElement.GetProperty("confirmations").GetInt64());
            Assert.Equal(
                block1.Transactions.Select(t => t.Id.ToString()).Order(),
                byHeight.RootElement.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("id").GetString()).Order());
        }

        using (var byHash = await GetJsonAsync(query, $"/blocks/{block2.Hash}"))
        {
            Assert.Equal(2, byHash.RootElement.GetProperty("height").GetInt64());
        }

        await AssertProblemAsync(query, "/blocks/99", HttpStatusCode.NotFound);
        await AssertProblemAsync(query, $"/blocks/{new string('0', 64)}", HttpStatusCode.NotFound);
        await AssertProblemAsync(query, "/blocks/not-a-hash", HttpStatusCode.BadRequest);

        using (var confirmed = await GetJsonAsync(query, $"/transactions/{aliceToBob.Id}"))
        {
            Assert.Equal("confirmed", confirmed.RootElement.GetProperty("status").GetString());
            Assert.Equal(2, confirmed.RootElement.GetProperty("height").GetInt64());
            Assert.Equal(2, confirmed.RootElement.GetProperty("confirmations").GetInt64());
        }

        await WaitForStatusAsync(query, pending.Id, "pending");
        using (var refused = await WaitForStatusAsync(query, rejected.Id, "rejected"))
        {
            Assert.Equal("insufficient-funds", refused.RootElement.GetProperty("reason").GetString());
        }

        // A transaction seen on the topic after it was confirmed stays confirmed.
        using (var stillConfirmed = await GetJsonAsync(query, $"/transactions/{toAlice.Id}"))
        {
            Assert.Equal("confirmed", stillConfirmed.RootElement.GetProperty("status").GetString());
        }

        await AssertProblemAsync(query, $"/transactions/{new string('a', 64)}", HttpStatusCode.NotFound);
        await AssertProblemAsync(query, "/transactions/xyz", HttpStatusCode.BadRequest);

        await AssertAccountsMatchLedgerAsync(query, faucet.Address, alice.Address, bob.Address, _chain.MinerAddress);
        using (var aliceView = await GetJsonAsync(query, $"/addresses/{alice.Address}?pageSize=1"))
        {
            var history = aliceView.RootElement.GetProperty("history");
            Assert.Equal(2, history.GetProperty("total").GetInt64());
            var newest = Assert.Single(history.GetProperty("items").EnumerateArray());
            Assert.Equal(aliceToBob.Id.ToString(), newest.GetProperty("transactionId").GetString());
            Assert.Equal("out", newest.GetProperty("direction").GetString());
        }

        await AssertProblemAsync(query, "/addresses/nope", HttpStatusCode.BadRequest);

        using (var stats = await WaitForAsync(query, "/stats", s => s.RootElement.GetProperty("staleBlocks").GetInt64() == 1))
        {
            Assert.Equal(3, stats.RootElement.GetProperty("height").GetInt64());
            Assert.Equal(3, stats.RootElement.GetProperty("transactionCount").GetInt64());
            Assert.True(stats.RootElement.GetProperty("hashRate").GetDouble() > 0);
            Assert.True(stats.RootElement.GetProperty("transactionsPerSecond").GetDouble() > 0);
            Assert.Equal(0.25, stats.RootElement.GetProperty("staleRate").GetDouble(), 3);
        }

        using (var verify = await VerifyAsync(query))
        {
            Assert.True(verify.RootElement.GetProperty("valid").GetBoolean(), verify.RootElement.ToString());
            Assert.Equal(3, verify.RootElement.GetProperty("height").GetInt64());
        }

        var page = await query.Client.GetStringAsync("/");
        Assert.Contains("AspireChain explorer", page);
        Assert.Contains("/events/blocks", page);
        using var health = await query.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Block_apply_span_continues_the_producers_trace()
    {
        var applied = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            // The shared follower of blocks (the same in every service) makes the block.apply span.
            ShouldListenTo = source => source.Name == ChainSources.Following,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = applied.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var producerSpan = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var block = _chain.Next();
        _publisher.Block(block, producerSpan);

        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 1);

        var span = await Eventually.GetAsync(
            () => Task.FromResult(applied.FirstOrDefault(a => a.OperationName == ChainSpans.BlockApply && (string?)a.GetTagItem(ChainAttributes.BlockHash) == block.Hash.ToString())),
            "the block.apply span");
        Assert.Equal(producerSpan.TraceId, span.TraceId);
        Assert.Equal(producerSpan.SpanId, span.ParentSpanId);
        Assert.Equal(1L, span.GetTagItem(ChainAttributes.BlockHeight));
    }

    [Fact]
    public async Task Restart_resumes_from_the_stored_offset_and_ends_in_the_same_state()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        var firstHalf = new[] { _chain.Next(Wallets.Transfer(faucet, alice.Address, 900, 0)), _chain.Next(), _chain.Next(Wallets.Transfer(alice, faucet.Address, 50, 0)) };
        foreach (var block in firstHalf)
        {
            _publisher.Block(block);
        }

        await using (var first = await StartChainQueryAsync())
        {
            await WaitForHeightAsync(first, 3);
            var state = first.Get<FollowerStatus>();
            Assert.Equal(0, state.StartOffset);
            Assert.Equal(3, state.RecordsRead);
        }

        var secondHalf = new[] { _chain.Next(Wallets.Transfer(faucet, alice.Address, 10, 1)), _chain.Next() };
        var offsets = secondHalf.Select(b => _publisher.Block(b)).ToList();
        Assert.Equal([3L, 4L], offsets);

        await using var second = await StartChainQueryAsync();
        await WaitForHeightAsync(second, 5);
        var resumed = second.Get<FollowerStatus>();
        Assert.Equal(3, resumed.StartOffset);
        Assert.Equal(3, resumed.FirstOffsetRead);
        Assert.Equal(2, resumed.RecordsRead);
        await Eventually.TrueAsync(() => resumed.Lag == 0, "the follower to report itself caught up");
        using (var health = await second.Client.GetAsync("/health"))
        {
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        }

        await AssertAccountsMatchLedgerAsync(second, faucet.Address, alice.Address, _chain.MinerAddress);
        using var verify = await VerifyAsync(second);
        Assert.True(verify.RootElement.GetProperty("valid").GetBoolean(), verify.RootElement.ToString());
        using var chain = await GetJsonAsync(second, "/chain?pageSize=100");
        Assert.Equal(
            _chain.Chain.Blocks.Select(b => b.Hash.ToString()).Reverse(),
            chain.RootElement.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("hash").GetString()));
    }

    [Fact]
    public async Task Replayed_and_unlinked_blocks_are_not_applied_and_unlinked_ones_are_reported()
    {
        var block1 = _chain.Next();
        var unlinked = _chain.Unlinked();
        var block2 = _chain.Next();
        _publisher.Block(block1);
        _publisher.Block(block1);
        _publisher.Block(unlinked);
        _publisher.Block(block2);

        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 2);

        using (var tip = await GetJsonAsync(query, "/blocks/2"))
        {
            Assert.Equal(block2.Hash.ToString(), tip.RootElement.GetProperty("hash").GetString());
        }

        await AssertProblemAsync(query, $"/blocks/{unlinked.Hash}", HttpStatusCode.NotFound);
        using var faults = await GetJsonAsync(query, "/chain/faults");
        var fault = Assert.Single(faults.RootElement.EnumerateArray());
        Assert.Equal("bad-prevblk", fault.GetProperty("reason").GetString());
        Assert.Equal(unlinked.Hash.ToString(), fault.GetProperty("hash").GetString());
        Assert.Equal(2, fault.GetProperty("offset").GetInt64());
        Assert.Equal(4, query.Get<FollowerStatus>().RecordsRead);
        using var health = await query.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Height_gap_stops_following_and_reports_unhealthy()
    {
        var block1 = _chain.Next();
        _chain.Next();
        var block3 = _chain.Next();
        _publisher.Block(block1);
        _publisher.Block(block3);

        await using var query = await StartChainQueryAsync();
        await Eventually.TrueAsync(() => query.Get<FollowerStatus>().Halted is not null, "following to halt at the gap");

        using var health = await query.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var chain = await GetJsonAsync(query, "/chain");
        Assert.Equal(1, chain.RootElement.GetProperty("items")[0].GetProperty("height").GetInt64());
        using var faults = await GetJsonAsync(query, "/chain/faults");
        Assert.Equal("gap", faults.RootElement[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Stored_offset_the_broker_no_longer_holds_is_reported_never_skipped()
    {
        _publisher.Block(_chain.Next());
        await using (var first = await StartChainQueryAsync())
        {
            await WaitForHeightAsync(first, 1);
        }

        // As if the broker lost the log (retention, a rebuilt cluster): the stored cursor points where it holds nothing.
        using (var database = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "chainquery.db")};Pooling=False"))
        {
            database.Open();
            using var command = database.CreateCommand();
            command.CommandText = "UPDATE chain_cursors SET next_offset = 50 WHERE name = 'blocks'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        _publisher.Block(_chain.Next());
        await using var second = await StartChainQueryAsync();
        await Eventually.TrueAsync(() => second.Get<FollowerStatus>().Halted is not null, "following to halt at the lost offset");

        using var health = await second.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var faults = await GetJsonAsync(second, "/chain/faults");
        Assert.Equal("offset-out-of-range", faults.RootElement[0].GetProperty("kind").GetString());
        using var stats = await GetJsonAsync(second, "/stats");
        Assert.Equal(1, stats.RootElement.GetProperty("height").GetInt64());
        Assert.Equal(0, second.Get<FollowerStatus>().RecordsRead);
    }

    [Fact]
    public async Task Verify_finds_the_first_bad_block_and_a_read_model_that_drifted()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        _chain.Next(Wallets.Transfer(faucet, alice.Address, 300, 0));
        var block2 = _chain.Next();
        _chain.Next();
        foreach (var block in _chain.Chain.Blocks.Skip(1))
        {
            _publisher.Block(block);
        }

        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 3);
        using (var verify = await VerifyAsync(query))
        {
            Assert.True(verify.RootElement.GetProperty("valid").GetBoolean(), verify.RootElement.ToString());
        }

        // Block 2's stored envelope replaced by block 1's: a full replay must stop at height 2 (an incremental run starts
        // after the checkpoint at 3, whose block is untouched).
        var block2Envelope = Envelope(2);
        Tamper("UPDATE chain_blocks SET envelope = (SELECT envelope FROM chain_blocks WHERE height = 1) WHERE height = 2");
        using (var verify = await VerifyAsync(query, "full=true"))
        {
            Assert.False(verify.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal(2, verify.RootElement.GetProperty("firstBadHeight").GetInt64());
            Assert.Equal(1, verify.RootElement.GetProperty("height").GetInt64());
        }

        // The last byte of block 2's transfers flipped: its transfers no longer match the header the validator signed.
        var forged = block2Envelope.ToArray();
        forged[^(PublicKey.Size + Signature.Size + 8 + 1)] ^= 0x01;
        Tamper("UPDATE chain_blocks SET envelope = $envelope WHERE height = 2", forged);
        using (var verify = await VerifyAsync(query, "full=true"))
        {
            Assert.False(verify.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal(2, verify.RootElement.GetProperty("firstBadHeight").GetInt64());
            Assert.NotEqual("bad-height", verify.RootElement.GetProperty("reason").GetString());
        }

        Tamper("UPDATE chain_blocks SET envelope = $envelope WHERE height = 2", block2Envelope);
        Assert.Equal(block2.Hash, AcceptedBlock.ParseWire(Envelope(2)).Hash);
        // The accounts are compared in every run, incremental ones too.
        Tamper($"UPDATE accounts SET balance = balance + 1 WHERE address = '{alice.Address}'");
        using (var verify = await VerifyAsync(query))
        {
            Assert.False(verify.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal("read-model-mismatch", verify.RootElement.GetProperty("reason").GetString());
            Assert.Contains(alice.Address.ToString(), verify.RootElement.GetProperty("detail").GetString());
        }
    }

    private void Tamper(string sql, byte[]? envelope = null)
    {
        using var database = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "chainquery.db")};Pooling=False");
        database.Open();
        using var command = database.CreateCommand();
        command.CommandText = sql;
        if (envelope is not null)
        {
            command.Parameters.AddWithValue("$envelope", envelope);
        }

        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private byte[] Envelope(long height)
    {
        using var database = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "chainquery.db")};Pooling=False");
        database.Open();
        using var command = database.CreateCommand();
        command.CommandText = "SELECT envelope FROM chain_blocks WHERE height = $height";
        command.Parameters.AddWithValue("$height", height);
        return Assert.IsType<byte[]>(command.ExecuteScalar());
    }

    [Fact]
    public async Task Blocks_committed_in_kafka_transactions_are_applied_and_the_lag_reaches_zero()
    {
        // The Validator writes blocks inside Kafka transactions: commit markers take offsets between the blocks.
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            TransactionalId = "test-validator",
        }).Build())
        {
            producer.InitTransactions(TimeSpan.FromSeconds(30));
            for (var n = 0; n < 3; n++)
            {
                var block = _chain.Next();
                producer.BeginTransaction();
                await producer.ProduceAsync(Topics.Blocks, new Message<string, byte[]> { Key = block.Height.ToString(System.Globalization.CultureInfo.InvariantCulture), Value = ChainPublisher.Envelope(block) });
                producer.CommitTransaction(TimeSpan.FromSeconds(30));
            }
        }

        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 3);
        var state = query.Get<FollowerStatus>();
        await Eventually.TrueAsync(() => state.Lag == 0, "the follower to step over the last commit marker");
        Assert.Equal(3, state.RecordsRead);
        using var verify = await VerifyAsync(query);
        Assert.True(verify.RootElement.GetProperty("valid").GetBoolean(), verify.RootElement.ToString());
    }

    [Fact]
    public async Task Records_the_read_model_cannot_hold_do_not_stop_the_status_follower()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var bob = KeyPair.Generate();
        // Written around ingest (which refuses it): amount + fee overflows and exceeds SQLite's integers.
        var poison = Wallets.Transfer(faucet, bob.Address, ulong.MaxValue, 0);
        var normal = Wallets.Transfer(faucet, bob.Address, 5, 0);
        _publisher.Transaction(poison);
        _publisher.Transaction(normal);
        _publisher.Raw(Topics.Rejections, "no-id", "{\"kind\":\"transaction\",\"reason\":\"bad-nonce\",\"source\":\"rogue\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");
        _publisher.Rejection(new Rejection(RejectionKinds.Transaction, poison.Id.ToString(), null, "amount-overflow", "written around ingest", "miner-0", DateTimeOffset.UtcNow));

        await using var query = await StartChainQueryAsync();

        (await WaitForStatusAsync(query, normal.Id, "pending")).Dispose();
        // The rejection after the one without an id still lands: the follower survived both bad records.
        (await WaitForStatusAsync(query, poison.Id, "rejected")).Dispose();
    }

    [Fact]
    public async Task Server_sent_events_deliver_a_new_block()
    {
        _publisher.Block(_chain.Next());
        await using var query = await StartChainQueryAsync();
        await WaitForHeightAsync(query, 1);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await query.Client.GetAsync("/events/blocks", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var tip = await ReadEventAsync(reader, timeout.Token);
        Assert.Equal(("tip", 1L), (tip.Event, tip.Height));

        var block2 = _chain.Next();
        _publisher.Block(block2);
        var next = await ReadEventAsync(reader, timeout.Token);
        Assert.Equal(("block", 2L), (next.Event, next.Height));
        Assert.Equal(block2.Hash.ToString(), next.Hash);
    }

    private static async Task<(string Event, long Height, string Hash)> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? type = null, data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                using var block = JsonDocument.Parse(data);
                return (type ?? "message", block.RootElement.GetProperty("height").GetInt64(), block.RootElement.GetProperty("hash").GetString()!);
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }

    private async Task AssertAccountsMatchLedgerAsync(ServiceHost query, params Address[] addresses)
    {
        foreach (var address in addresses)
        {
            var expected = _chain.Chain.GetAccount(address);
            using var view = await GetJsonAsync(query, $"/addresses/{address}");
            Assert.Equal((long)expected.Balance, view.RootElement.GetProperty("balance").GetInt64());
            Assert.Equal((long)expected.Nonce, view.RootElement.GetProperty("nonce").GetInt64());
        }
    }

    private static async Task AssertProblemAsync(ServiceHost query, string path, HttpStatusCode status)
    {
        using var response = await query.Client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var type = problem.RootElement.GetProperty("type").GetString();
        Assert.Equal("https://aspirechain.dev/problems/" + problem.RootElement.GetProperty("rule").GetString(), type);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
    }

    private static Task<JsonDocument> WaitForStatusAsync(ServiceHost query, Hash256 id, string status) =>
        WaitForAsync(query, $"/transactions/{id}", s => s.RootElement.GetProperty("status").GetString() == status);

    private Task<ServiceHost> StartChainQueryAsync() => ChainQueryHost.StartAsync(_broker.BootstrapServers, Path.Combine(_dataDirectory, "chainquery.db"));
}
