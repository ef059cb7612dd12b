using System.Net;
using System.Text;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using AspireChain.TransactionIngest.Admission;
using Confluent.Kafka;

namespace AspireChain.TransactionIngest.Tests;

/// <summary>
/// Back-pressure against the embedded broker: with no miner committing, the <c>transactions</c> backlog grows past a
/// small limit and ingest answers 503 <c>backlog-full</c> with a Retry-After, writing nothing; once the miners' group
/// commits past the records, ingest acknowledges again.
/// </summary>
public sealed class TransactionBacklogTests : IAsyncLifetime
{
    private EmbeddedKafkaBroker _broker = null!;
    private ServiceHost _ingest = null!;

    public async Task InitializeAsync()
    {
        _broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1 });
        _ingest = await ServiceHost.StartAsync(TransactionIngestApp.Build, new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = _broker.BootstrapServers,
            ["Chain:Network"] = "test",
            ["Kafka:ProvisionTopics"] = "false",
            ["Ingest:RateLimitPermits"] = "0",
            // About four records of a transaction's JSON: the fifth unconfirmed one fills the partition.
            ["Ingest:MaxBacklogBytesPerPartition"] = "4096",
            ["Ingest:BacklogPollInterval"] = "00:00:00.100",
            ["services:chainquery:http:0"] = "http://chainquery.test:8080",
        });
    }

    public async Task DisposeAsync()
    {
        await _ingest.DisposeAsync();
        _broker.Dispose();
    }

    [Fact]
    public async Task A_full_backlog_is_503_with_retry_after_and_nothing_written_until_the_miners_commit()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var other = KeyPair.Generate();
        var nonce = 0UL;
        var backlog = _ingest.Get<TransactionBacklog>();

        // Nobody reads transactions: every acknowledged record stays owed until the backlog reading says full.
        HttpResponseMessage? refused = null;
        while (refused is null)
        {
            Assert.True(nonce < 40, $"no 503 after {nonce} unconfirmed transactions; backlog {backlog.Current}");
            var response = await PostAsync("/transactions", Wallets.Json(Wallets.Transfer(faucet, other.Address, 5, nonce)));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                nonce++;
                response.Dispose();
                // Let a reading see the new record before the next write.
                await Task.Delay(150);
            }
            else
            {
                refused = response;
            }
        }

        using (refused)
        {
            await AssertBacklogFullAsync(refused);
        }

        var written = TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions);
        Assert.Equal((long)nonce, written);
        Assert.True(backlog.Current.IsFull, backlog.Current.ToString());
        Assert.Equal((long)nonce, backlog.Current.TotalRecords);

        // A batch is refused whole, and a single transfer too: nothing more reaches Kafka.
        var batch = "[" + string.Join(",", Enumerable.Range(0, 3).Select(i => Wallets.Json(Wallets.Transfer(faucet, other.Address, 5, nonce + (ulong)i)))) + "]";
        using (var batchResponse = await PostAsync("/transactions/batch", batch))
        {
            await AssertBacklogFullAsync(batchResponse);
        }

        using (var single = await PostAsync("/transactions", Wallets.Json(Wallets.Transfer(faucet, other.Address, 5, nonce))))
        {
            await AssertBacklogFullAsync(single);
        }

        Assert.Equal(written, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));

        // The miners catch up: their group commits the log end, and ingest acknowledges again.
        CommitLogEndAsMiners();
        await Eventually.TrueAsync(() => !backlog.Current.IsFull && backlog.Current.TotalRecords == 0, $"the backlog drains once the miners commit ({backlog.Current})");
        using (var accepted = await PostAsync("/transactions", Wallets.Json(Wallets.Transfer(faucet, other.Address, 5, nonce))))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        Assert.Equal(written + 1, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));
    }

    private static async Task AssertBacklogFullAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"expected 503, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(IngestProblems.BacklogFull, problem.RootElement.GetProperty("rule").GetString());
        Assert.Equal(IngestProblems.TypeOf(IngestProblems.BacklogFull), problem.RootElement.GetProperty("type").GetString());
        Assert.Contains("unconfirmed records", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    private void CommitLogEndAsMiners()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(Topics.Transactions, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(Topics.Transactions, p.PartitionId)).ToList();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            GroupId = ConsumerGroups.Miners,
            EnableAutoCommit = false,
        }).Build();
        consumer.Commit(partitions.Select(p => new TopicPartitionOffset(p, consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High)));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _ingest.Client.PostAsync(path, content);
    }
}
