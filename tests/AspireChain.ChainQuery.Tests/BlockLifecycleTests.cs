using System.Net;
using System.Text.Json;
using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using Confluent.Kafka;
using static AspireChain.ChainQuery.Tests.Infrastructure.ChainQueryHost;

namespace AspireChain.ChainQuery.Tests;

/// <summary>
/// ChainQuery's block lifecycle view against the embedded broker: times, miner and work from the informational headers
/// when present (and tolerated when missing or garbled), the Kafka commit time, and the candidates lost at each height.
/// </summary>
public sealed class BlockLifecycleTests() : PublishedChainTests("lifecycle-tests-")
{
    [Fact]
    public async Task Lifecycle_shows_times_miner_work_and_lost_candidates_with_honest_missing_and_garbage_headers()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        var toAlice = Wallets.Transfer(faucet, alice.Address, 1_000, 0);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _publisher.Transaction(toAlice);

        var minedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5_000;
        var block1 = _chain.Next(toAlice);
        _publisher.Block(block1, Provenance.Honest("miner-7", 12_345, 250.5, minedAtMs, minedAtMs + 40));
        var block2 = _chain.Next();
        _publisher.Block(block2, new Headers());
        var block3 = _chain.Next();
        var garbage = new Headers
        {
            { KafkaHeaderNames.MinerInstance, [0xff, 0xfe, 0x41] },
            { KafkaHeaderNames.ProofOfWorkAttempts, "lots"u8.ToArray() },
            { KafkaHeaderNames.ProofOfWorkSearchMs, "NaN"u8.ToArray() },
            { KafkaHeaderNames.MinedAtMs, "-1700000000000"u8.ToArray() },
            { KafkaHeaderNames.ValidatedAtMs, System.Text.Encoding.UTF8.GetBytes(new string('9', 300)) },
        };
        _publisher.Block(block3, garbage);
        // Honest values are still read when a garbled copy of another header sits beside them.
        var block4 = _chain.Next();
        _publisher.Block(block4, Provenance.Of((KafkaHeaderNames.MinerInstance, "bad\u0001name"), (KafkaHeaderNames.ProofOfWorkAttempts, "77"), (KafkaHeaderNames.ProofOfWorkSearchMs, "")));
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var at = DateTimeOffset.UtcNow;
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('d', 64), 1, "stale", "lost the race", "validator", at));
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('e', 64), 2, "stale", "lost the race", "validator", at));
        // A record without a reason is skipped, and the rejections after it still land.
        _publisher.Raw(Topics.Rejections, new string('a', 64), $"{{\"kind\":\"block\",\"id\":\"{new string('a', 64)}\",\"height\":2,\"source\":\"rogue\",\"timestamp\":\"2026-01-01T00:00:00Z\"}}");
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('f', 64), 2, "high-hash", "hash above target", "validator", at.AddMilliseconds(1)));
        // A replay of a rejection changes nothing; one for a height not applied yet, and transaction rejections, show nowhere.
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('e', 64), 2, "stale", "lost the race", "validator", at));
        _publisher.Rejection(new Rejection(RejectionKinds.Block, new string('c', 64), 9, "stale", "lost the race", "validator", at));
        _publisher.Rejection(new Rejection(RejectionKinds.Transaction, new string('b', 64), null, "bad-nonce", "taken", "miner-0", at));

        await using var query = await ChainQueryHost.StartAsync(_broker.BootstrapServers, Path.Combine(_dataDirectory, "chainquery.db"));
        await WaitForHeightAsync(query, 4);
        // Rejections and submissions are followed apart from blocks: wait until both have landed.
        using var lifecycle = await WaitForAsync(query, "/blocks/lifecycle?limit=10", d =>
            d.RootElement.GetArrayLength() == 4
            && d.RootElement[2].GetProperty("rejectedCandidates").GetArrayLength() == 2
            && d.RootElement[3].GetProperty("firstSubmittedAtMs").ValueKind == JsonValueKind.Number);
        var items = lifecycle.RootElement.EnumerateArray().ToList();
        Assert.Equal([4L, 3L, 2L, 1L], items.Select(b => b.GetProperty("height").GetInt64()));

        var honest = items[3];
        Assert.Equal(block1.Hash.ToString(), honest.GetProperty("hash").GetString());
        Assert.Equal(_chain.MinerAddress.ToString(), honest.GetProperty("miner").GetString());
        Assert.Equal("miner-7", honest.GetProperty("minerInstance").GetString());
        Assert.Equal(2, honest.GetProperty("transactionCount").GetInt32());
        Assert.Equal(minedAtMs, honest.GetProperty("minedAtMs").GetInt64());
        Assert.Equal(minedAtMs + 40, honest.GetProperty("validatedAtMs").GetInt64());
        Assert.Equal(40, honest.GetProperty("minedToValidatedMs").GetInt64());
        // Committed is the record's Kafka timestamp (set as it was produced), submitted that of the transaction's record.
        var committedAtMs = honest.GetProperty("committedAtMs").GetInt64();
        Assert.InRange(committedAtMs, before, after);
        Assert.Equal(committedAtMs - minedAtMs - 40, honest.GetProperty("validatedToCommittedMs").GetInt64());
        var appliedAtMs = honest.GetProperty("appliedAtMs").GetInt64();
        Assert.InRange(appliedAtMs, committedAtMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(appliedAtMs - committedAtMs, honest.GetProperty("committedToAppliedMs").GetInt64());
        var submittedAtMs = honest.GetProperty("firstSubmittedAtMs").GetInt64();
        Assert.InRange(submittedAtMs, before, committedAtMs);
        Assert.Equal(appliedAtMs - submittedAtMs, honest.GetProperty("submittedToAppliedMs").GetInt64());
        Assert.Equal(12_345, honest.GetProperty("proofOfWorkAttempts").GetInt64());
        Assert.Equal(250.5, honest.GetProperty("proofOfWorkSearchMs").GetDouble());
        Assert.Equal(12_345 / 0.2505, honest.GetProperty("reportedHashRate").GetDouble(), 6);
        Assert.Equal(12_345 / 0.2505, honest.GetProperty("hashRate").GetDouble(), 6);
        Assert.Equal("reported", honest.GetProperty("hashRateSource").GetString());
        // Genesis has a fixed timestamp: height 1 has no interval and so no estimate.
        Assert.Equal(JsonValueKind.Null, honest.GetProperty("intervalSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, honest.GetProperty("estimatedHashRate").ValueKind);
        var lostAt1 = Assert.Single(honest.GetProperty("rejectedCandidates").EnumerateArray());
        Assert.Equal((new string('d', 64), "stale"), (lostAt1.GetProperty("hash").GetString(), lostAt1.GetProperty("reason").GetString()));

        var bare = items[2];
        Assert.Equal(block2.Hash.ToString(), bare.GetProperty("hash").GetString());
        Assert.Equal(1, bare.GetProperty("transactionCount").GetInt32());
        foreach (var field in new[] { "minerInstance", "minedAtMs", "validatedAtMs", "minedToValidatedMs", "validatedToCommittedMs", "proofOfWorkAttempts", "reportedHashRate", "firstSubmittedAtMs" })
        {
            Assert.Equal(JsonValueKind.Null, bare.GetProperty(field).ValueKind);
        }

        Assert.InRange(bare.GetProperty("committedAtMs").GetInt64(), committedAtMs, after);
        Assert.Equal(1.0, bare.GetProperty("intervalSeconds").GetDouble());
        var difficulty = block2.Header.Target.ExpectedAttempts;
        Assert.Equal(difficulty, bare.GetProperty("difficulty").GetDouble(), 6);
        Assert.Equal(difficulty / 1.0, bare.GetProperty("estimatedHashRate").GetDouble(), 6);
        Assert.Equal(difficulty / 1.0, bare.GetProperty("hashRate").GetDouble(), 6);
        Assert.Equal("estimated", bare.GetProperty("hashRateSource").GetString());
        Assert.Equal(
            [(new string('e', 64), "stale", "lost the race"), (new string('f', 64), "high-hash", "hash above target")],
            bare.GetProperty("rejectedCandidates").EnumerateArray().Select(r => (r.GetProperty("hash").GetString(), r.GetProperty("reason").GetString(), r.GetProperty("detail").GetString())));

        var garbled = items[1];
        Assert.Equal(block3.Hash.ToString(), garbled.GetProperty("hash").GetString());
        foreach (var field in new[] { "minerInstance", "proofOfWorkAttempts", "proofOfWorkSearchMs", "minedAtMs", "validatedAtMs", "reportedHashRate" })
        {
            Assert.Equal(JsonValueKind.Null, garbled.GetProperty(field).ValueKind);
        }

        Assert.Equal("estimated", garbled.GetProperty("hashRateSource").GetString());
        Assert.Equal(JsonValueKind.Number, garbled.GetProperty("appliedAtMs").ValueKind);
        Assert.Empty(garbled.GetProperty("rejectedCandidates").EnumerateArray());

        var mixed = items[0];
        Assert.Equal(JsonValueKind.Null, mixed.GetProperty("minerInstance").ValueKind);
        Assert.Equal(77, mixed.GetProperty("proofOfWorkAttempts").GetInt64());
        Assert.Equal(JsonValueKind.Null, mixed.GetProperty("proofOfWorkSearchMs").ValueKind);
        Assert.Equal("estimated", mixed.GetProperty("hashRateSource").GetString());

        using (var newest = await GetJsonAsync(query, "/blocks/lifecycle?limit=1"))
        {
            Assert.Equal(4, Assert.Single(newest.RootElement.EnumerateArray()).GetProperty("height").GetInt64());
        }

        using (var older = await GetJsonAsync(query, "/blocks/lifecycle?limit=2&before=2"))
        {
            Assert.Equal([2L, 1L], older.RootElement.EnumerateArray().Select(b => b.GetProperty("height").GetInt64()));
        }

        using (var one = await GetJsonAsync(query, "/blocks/2/lifecycle"))
        {
            Assert.Equal(block2.Hash.ToString(), one.RootElement.GetProperty("hash").GetString());
            Assert.Equal(2, one.RootElement.GetProperty("rejectedCandidates").GetArrayLength());
        }

        foreach (var missing in new[] { "/blocks/0/lifecycle", "/blocks/99/lifecycle" })
        {
            using var response = await query.Client.GetAsync(missing);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // The rest of the API did not mistake the literal for a block hash, and the garbled block is a normal block.
        (await WaitForAsync(query, "/stats", s => s.RootElement.GetProperty("staleBlocks").GetInt64() == 3)).Dispose();

        using var verify = await VerifyAsync(query);
        Assert.True(verify.RootElement.GetProperty("valid").GetBoolean(), verify.RootElement.ToString());
    }
}
