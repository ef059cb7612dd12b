using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using AspireChain.TransactionIngest;

namespace AspireChain.TransactionIngest.Tests;

/// <summary>TransactionIngest against the embedded broker: what is accepted reaches <c>transactions</c>, what is refused never does.</summary>
public sealed class TransactionIngestTests : IAsyncLifetime
{
    private const string ChainQueryBase = "http://chainquery.test:8080";
    private EmbeddedKafkaBroker _broker = null!;
    private ServiceHost _ingest = null!;

    public async Task InitializeAsync()
    {
        _broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1 });
        _ingest = await StartIngestAsync(_broker.BootstrapServers);
    }

    public async Task DisposeAsync()
    {
        await _ingest.DisposeAsync();
        _broker.Dispose();
    }

    [Fact]
    public async Task Accepted_transaction_is_on_the_topic_keyed_by_sender_with_trace_context()
    {
        var submitted = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ChainSources.Ingest,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = submitted.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var transaction = Wallets.FromFaucet(nonce: 0);

        using var response = await PostJsonAsync("/transactions", Wallets.Json(transaction));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = transaction.Id.ToString();
        Assert.Equal(new Uri($"{ChainQueryBase}/transactions/{id}"), response.Headers.Location);
        using var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(id, receipt.RootElement.GetProperty("id").GetString());
        Assert.Equal("pending", receipt.RootElement.GetProperty("status").GetString());

        var record = Assert.Single(TopicReader.ReadAll(_broker.BootstrapServers, Topics.Transactions, expected: 1));
        Assert.Equal(DevFaucet.Address.ToString(), record.Message.Key);
        Assert.Equal(transaction.Id, Transaction.ParseWire(record.Message.Value).Id);
        Assert.True(record.Message.Headers.TryGetLastBytes(KafkaHeaderNames.TraceParent, out var traceParent));
        // No attestation secret configured: nothing is attested, so the miners verify the signature themselves.
        Assert.False(record.Message.Headers.TryGetLastBytes(KafkaHeaderNames.MinersAttestation, out _));
        var traceParentText = Encoding.UTF8.GetString(traceParent);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", traceParentText);
        // The record continues the trace of the submit span, so the transaction's trace runs from the POST onwards.
        var span = Assert.Single(submitted, a => a.OperationName == ChainSpans.TransactionSubmit && (string?)a.GetTagItem(ChainAttributes.TransactionId) == id);
        Assert.Equal(span.TraceId.ToString(), traceParentText.Split('-')[1]);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadInputs()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var other = KeyPair.Generate();
        var good = Wallets.Transfer(faucet, other.Address, 10, 0);
        var document = good.ToJsonDocument();
        var signature = document.Signature!;
        var tampered = document with { Id = null, Signature = (signature[0] == 'a' ? "b" : "a") + signature[1..] };
        var goodJson = Wallets.Json(good);
        return new()
        {
            { "tampered signature", Wallets.Json(tampered), HttpStatusCode.BadRequest, "bad-signature" },
            { "other network", Wallets.Json(Wallets.Transfer(faucet, other.Address, 10, 0, chainId: NetworkParameters.Dev.ChainId)), HttpStatusCode.BadRequest, "bad-chain-id" },
            { "zero amount", Wallets.Json(Wallets.Transfer(faucet, other.Address, 0, 0)), HttpStatusCode.BadRequest, "bad-amount" },
            { "self transfer", Wallets.Json(Wallets.Transfer(faucet, faucet.Address, 10, 0)), HttpStatusCode.BadRequest, "self-transfer" },
            { "not a public key", Wallets.Json(document with { Id = null, From = "04" + new string('0', 64) }), HttpStatusCode.BadRequest, "bad-public-key" },
            { "wrong stated id", Wallets.Json(document with { Id = new string('1', 64) }), HttpStatusCode.BadRequest, "bad-txid" },
            { "not JSON", "{\"chainId\": ", HttpStatusCode.BadRequest, "malformed" },
            { "unknown field", goodJson[..^1] + ",\"memo\":\"hi\"}", HttpStatusCode.BadRequest, "malformed" },
            { "missing field", "{\"chainId\": 1}", HttpStatusCode.BadRequest, "malformed" },
            { "over the transaction size limit", goodJson[..^1] + ",\"pad\":\"" + new string('x', 5000) + "\"}", HttpStatusCode.RequestEntityTooLarge, "oversize" },
            { "over the body limit", goodJson[..^1] + ",\"pad\":\"" + new string('x', 20_000) + "\"}", HttpStatusCode.RequestEntityTooLarge, "body-too-large" },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Refused_input_gets_its_problem_and_nothing_reaches_kafka(string because, string body, HttpStatusCode status, string rule)
    {
        using var response = await PostJsonAsync("/transactions", body);

        await AssertProblemAsync(response, status, rule, because);
        Assert.Equal(0, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));
    }

    [Fact]
    public async Task Wrong_content_type_is_415_and_nothing_reaches_kafka()
    {
        using var content = new StringContent(Wallets.Json(Wallets.FromFaucet(0)), Encoding.UTF8, "text/plain");
        using var response = await _ingest.Client.PostAsync("/transactions", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "text/plain");
        Assert.Equal(0, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413()
    {
        // No Content-Length: the limit must hold while streaming too.
        var huge = new string(' ', 40_000) + Wallets.Json(Wallets.FromFaucet(0));
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/transactions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _ingest.Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large", "chunked");
        Assert.Equal(0, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));
    }

    [Fact]
    public async Task Batch_reports_each_item_and_produces_only_the_good_ones()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var other = KeyPair.Generate();
        var good = Enumerable.Range(0, 3).Select(n => Wallets.Transfer(faucet, other.Address, 5, (ulong)n)).ToArray();
        var zeroAmount = Wallets.Transfer(faucet, other.Address, 0, 3);
        var otherNetwork = Wallets.Transfer(faucet, other.Address, 5, 4, chainId: NetworkParameters.Dev.ChainId);
        var items = new[] { Wallets.Json(good[0]), Wallets.Json(zeroAmount), Wallets.Json(good[1]), Wallets.Json(otherNetwork), Wallets.Json(good[2]) };

        using var response = await PostJsonAsync("/transactions/batch", "[" + string.Join(",", items) + "]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, receipt.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(2, receipt.RootElement.GetProperty("rejected").GetInt32());
        var results = receipt.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["pending", "rejected", "pending", "rejected", "pending"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(IngestProblemsType("bad-amount"), results[1].GetProperty("problem").GetProperty("type").GetString());
        Assert.Equal(IngestProblemsType("bad-chain-id"), results[3].GetProperty("problem").GetProperty("type").GetString());
        Assert.Equal(good[1].Id.ToString(), results[2].GetProperty("id").GetString());

        var records = TopicReader.ReadAll(_broker.BootstrapServers, Topics.Transactions, expected: 3);
        Assert.Equal(good.Select(t => t.Id).Order(), records.Select(r => Transaction.ParseWire(r.Message.Value).Id).Order());
        Assert.Equal(3, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));
    }

    [Fact]
    public async Task Batch_of_only_good_transactions_is_202()
    {
        var items = Enumerable.Range(0, 20).Select(n => Wallets.Json(Wallets.FromFaucet((ulong)n)));

        using var response = await PostJsonAsync("/transactions/batch", "[" + string.Join(",", items) + "]");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(20, TopicReader.ReadAll(_broker.BootstrapServers, Topics.Transactions, expected: 20).Count);
    }

    [Fact]
    public async Task Batch_that_is_not_an_array_is_400()
    {
        using var response = await PostJsonAsync("/transactions/batch", Wallets.Json(Wallets.FromFaucet(0)));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed", "an object, not an array");
        Assert.Equal(0, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));
    }

    [Fact]
    public async Task Unreachable_broker_is_503_with_retry_after_never_202()
    {
        await using var stranded = await StartIngestAsync($"127.0.0.1:{FreePort()}", ("Ingest:DeliveryTimeout", "00:00:01.500"));

        using var content = new StringContent(Wallets.Json(Wallets.FromFaucet(0)), Encoding.UTF8, "application/json");
        using var response = await stranded.Client.PostAsync("/transactions", content);

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "broker-unavailable", "no broker listens there");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Batch_nobody_acknowledged_is_503_with_per_item_results()
    {
        await using var stranded = await StartIngestAsync($"127.0.0.1:{FreePort()}", ("Ingest:DeliveryTimeout", "00:00:01.500"));
        using var faucet = DevFaucet.CreateKeyPair();
        using var other = KeyPair.Generate();
        var items = new[] { Wallets.Transfer(faucet, other.Address, 5, 0), Wallets.Transfer(faucet, other.Address, 0, 1), Wallets.Transfer(faucet, other.Address, 5, 2) };

        using var response = await PostJsonAsync(stranded, "/transactions/batch", "[" + string.Join(",", items.Select(Wallets.Json)) + "]");

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "broker-unavailable", "no broker listens there");
        Assert.NotNull(response.Headers.RetryAfter);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            ["unavailable", "rejected", "unavailable"],
            problem.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Broker_down_is_503_and_the_write_lands_after_it_returns()
    {
        await using var ingest = await StartIngestAsync(_broker.BootstrapServers, ("Ingest:DeliveryTimeout", "00:00:02"));
        // Warm the producer's metadata so the failure below is the broker going away, not a cold start.
        using (var warm = await PostJsonAsync(ingest, "/transactions", Wallets.Json(Wallets.FromFaucet(0))))
        {
            Assert.Equal(HttpStatusCode.Accepted, warm.StatusCode);
        }

        _broker.SetBrokerDown(1);
        using (var down = await PostJsonAsync(ingest, "/transactions", Wallets.Json(Wallets.FromFaucet(1))))
        {
            await AssertProblemAsync(down, HttpStatusCode.ServiceUnavailable, "broker-unavailable", "the only broker is down");
            Assert.NotNull(down.Headers.RetryAfter);
        }

        _broker.SetBrokerUp(1);
        var retried = Wallets.FromFaucet(2);
        var accepted = await Eventually.GetAsync(async () =>
        {
            var response = await PostJsonAsync(ingest, "/transactions", Wallets.Json(retried));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return response;
            }

            response.Dispose();
            return null;
        }, "a 202 once the broker is back");
        accepted.Dispose();
        var ids = TopicReader.ReadAll(_broker.BootstrapServers, Topics.Transactions, expected: 2)
            .Select(r => Transaction.ParseWire(r.Message.Value).Id).ToList();
        Assert.Contains(retried.Id, ids);
    }

    [Fact]
    public async Task Fatal_producer_error_is_503_then_ingest_recovers_with_a_new_producer()
    {
        // The idempotent producer's first request fails with an authorization error: librdkafka treats it as fatal.
        _broker.PushRequestErrors(KafkaApiKey.InitProducerId, Confluent.Kafka.ErrorCode.ClusterAuthorizationFailed);
        await using var ingest = await StartIngestAsync(_broker.BootstrapServers, ("Ingest:DeliveryTimeout", "00:00:03"));

        using (var failed = await PostJsonAsync(ingest, "/transactions", Wallets.Json(Wallets.FromFaucet(0))))
        {
            await AssertProblemAsync(failed, HttpStatusCode.ServiceUnavailable, "broker-unavailable", "the producer failed fatally");
        }

        var recovered = Wallets.FromFaucet(1);
        using (var accepted = await PostJsonAsync(ingest, "/transactions", Wallets.Json(recovered)))
        {
            Assert.True(HttpStatusCode.Accepted == accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
        }

        var record = Assert.Single(TopicReader.ReadAll(_broker.BootstrapServers, Topics.Transactions, expected: 1));
        Assert.Equal(recovered.Id, Transaction.ParseWire(record.Message.Value).Id);
    }

    [Fact]
    public async Task Client_over_its_rate_is_429_with_retry_after()
    {
        await using var limited = await StartIngestAsync(_broker.BootstrapServers, ("Ingest:RateLimitPermits", "2"), ("Ingest:RateLimitWindow", "00:01:00"));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var n = 0; n < 3; n++)
        {
            var response = await PostJsonAsync(limited, "/transactions", Wallets.Json(Wallets.FromFaucet((ulong)n)));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        using (rejected)
        {
            await AssertProblemAsync(rejected!, HttpStatusCode.TooManyRequests, "rate-limited", "third request in the window");
            Assert.True(rejected!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        Assert.Equal(2, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));
    }

    [Fact]
    public async Task The_rate_limit_counts_transactions_so_a_batch_costs_one_permit_per_item()
    {
        await using var limited = await StartIngestAsync(_broker.BootstrapServers, ("Ingest:RateLimitPermits", "3"), ("Ingest:RateLimitWindow", "00:01:00"));
        string Batch(int count, int from) => "[" + string.Join(",", Enumerable.Range(from, count).Select(n => Wallets.Json(Wallets.FromFaucet((ulong)n)))) + "]";

        using (var tooBig = await PostJsonAsync(limited, "/transactions/batch", Batch(4, 0)))
        {
            await AssertProblemAsync(tooBig, HttpStatusCode.TooManyRequests, "rate-limited", "a batch of 4 against 3 permits");
        }

        using (var two = await PostJsonAsync(limited, "/transactions/batch", Batch(2, 10)))
        {
            Assert.True(HttpStatusCode.Accepted == two.StatusCode, await two.Content.ReadAsStringAsync());
        }

        using (var twoMore = await PostJsonAsync(limited, "/transactions/batch", Batch(2, 20)))
        {
            await AssertProblemAsync(twoMore, HttpStatusCode.TooManyRequests, "rate-limited", "2 + 2 transactions against 3 permits");
            Assert.True(twoMore.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        // Only the batch of two that fitted reached Kafka.
        Assert.Equal(2, TopicReader.CountRecords(_broker.BootstrapServers, Topics.Transactions));
    }

    [Fact]
    public async Task With_the_miners_secret_every_record_carries_ingests_tag_of_its_key_and_value_and_no_other_attestation()
    {
        const string miners = "ingest-and-miners-share-this-43-character-k";
        await using var attesting = await StartIngestAsync(_broker.BootstrapServers, (TransferAttestation.MinersConfigurationKey, miners));
        var single = Wallets.FromFaucet(0);
        var batch = new[] { Wallets.FromFaucet(1), Wallets.FromFaucet(2) };

        using var one = await PostJsonAsync(attesting, "/transactions", Wallets.Json(single));
        using var many = await PostJsonAsync(attesting, "/transactions/batch", "[" + string.Join(',', batch.Select(Wallets.Json)) + "]");

        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, many.StatusCode);
        var records = TopicReader.ReadAll(_broker.BootstrapServers, Topics.Transactions, expected: 3);
        Assert.Equal(3, records.Count);
        var attestation = TransferAttestation.ForMiners(miners);
        Assert.All(records, r => Assert.True(attestation.Attests(r.Message.Key, r.Message.Headers, r.Message.Value)));
        // The tag covers the key: the same record under another key (another partition) is not attested.
        Assert.All(records, r => Assert.False(attestation.Attests(r.Message.Key + "0", r.Message.Headers, r.Message.Value)));
        // The miners' tag is the only attestation: the Validator verifies every signature and has no tag of its own.
        Assert.All(records, r => Assert.Single(r.Message.Headers, h => h.Key.StartsWith("aspirechain-attestation-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_attestation_secret_shorter_than_32_bytes_stops_ingest_at_start_with_a_clear_error()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => StartIngestAsync(_broker.BootstrapServers, (TransferAttestation.MinersConfigurationKey, "short")));

        Assert.Contains(TransferAttestation.MinersConfigurationKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_service_discovery_the_location_is_relative()
    {
        await using var alone = await StartIngestAsync(_broker.BootstrapServers, ("services:chainquery:http:0", null));
        var transaction = Wallets.FromFaucet(0);

        using var response = await PostJsonAsync(alone, "/transactions", Wallets.Json(transaction));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/transactions/{transaction.Id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Root_describes_the_service()
    {
        using var response = await _ingest.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("POST /transactions", await response.Content.ReadAsStringAsync());
    }

    private static string IngestProblemsType(string rule) => "https://aspirechain.dev/problems/" + rule;

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string rule, string because)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{because}: expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(IngestProblemsType(rule), problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(rule, problem.RootElement.GetProperty("rule").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.NotEmpty(problem.RootElement.GetProperty("errors").EnumerateObject());
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) => PostJsonAsync(_ingest, path, json);

    private static async Task<HttpResponseMessage> PostJsonAsync(ServiceHost host, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await host.Client.PostAsync(path, content);
    }

    private static Task<ServiceHost> StartIngestAsync(string bootstrapServers, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = bootstrapServers,
            ["Chain:Network"] = "test",
            ["Kafka:ProvisionTopics"] = "false",
            ["Ingest:RateLimitPermits"] = "0",
            ["services:chainquery:http:0"] = ChainQueryBase,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return ServiceHost.StartAsync(TransactionIngestApp.Build, settings);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
