using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AspireChain.ChainQuery;
using AspireChain.ChainQuery.Apis;
using AspireChain.ChainQuery.Storage;
using AspireChain.Contracts.Telemetry;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using AspireChain.Miner;
using AspireChain.Miner.Apis;
using AspireChain.Testing.Telemetry;
using AspireChain.TransactionIngest;
using AspireChain.Validator;

namespace AspireChain.Pipeline.Tests;

/// <summary>
/// The four services in-process on one embedded broker, as the AppHost would run them: signed transfers posted to
/// TransactionIngest end up confirmed on ChainQuery, the books balance, the chain verifies, and one trace runs end to end.
/// </summary>
public sealed class EndToEndTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int WalletCount = 50;
    private const int TransfersPerWallet = 20;
    private const ulong Funding = 1_000_000;
    private const string OperatorToken = "pipeline-operator-token";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TempDirectory _data = new();
    private readonly SpanRecorder _spans = new();
    private readonly List<ServiceHost> _services = [];
    private EmbeddedKafkaBroker _broker = null!;
    private ServiceHost _ingest = null!;
    private ServiceHost _chainQuery = null!;
    private ServiceHost[] _miners = [];

    public async Task InitializeAsync()
    {
        _broker = TestNetwork.StartBroker();
        var chainQuerySettings = TestNetwork.Common(_broker);
        chainQuerySettings["ChainQuery:DatabasePath"] = _data.File("chainquery.db");
        chainQuerySettings["ChainQuery:OperatorToken"] = OperatorToken;
        _chainQuery = await Start(ChainQueryApp.Build, chainQuerySettings);
        await Start(ValidatorApp.Build, TestNetwork.Validator(_broker, _data.File("validator.db")));
        _miners =
        [
            await Start(MinerApp.Build, TestNetwork.Miner(_broker, "miner-0", TimeSpan.FromMilliseconds(300))),
            await Start(MinerApp.Build, TestNetwork.Miner(_broker, "miner-1", TimeSpan.FromMilliseconds(300))),
        ];
        var ingestSettings = TestNetwork.Common(_broker);
        ingestSettings["services:chainquery:http:0"] = _chainQuery.Address.ToString();
        _ingest = await Start(TransactionIngestApp.Build, ingestSettings);
    }

    /// <summary>Starts a verification run on ChainQuery (its operator operation) and waits for its verdict.</summary>
    private async Task<ChainVerificationRun> VerifyChainAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chain/verify");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorToken);
        using var response = await _chainQuery.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!;
        return await Eventually.GetAsync(async () =>
        {
            var run = (await _chainQuery.Client.GetFromJsonAsync<ChainVerificationRun>(location, Json))!;
            return run.State == "running" ? null : run;
        }, "the verification run to finish");
    }

    public async Task DisposeAsync()
    {
        // Reverse start order: producers of work stop before what consumes it.
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.DisposeAsync();
        }

        _broker.Dispose();
        _spans.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task A_thousand_transfers_among_fifty_wallets_are_confirmed_balanced_verified_and_traced()
    {
        var clock = Stopwatch.StartNew();
        var chainId = NetworkParameters.Test.ChainId;
        var wallets = Enumerable.Range(0, WalletCount).Select(_ => KeyPair.Generate()).ToArray();
        try
        {
            // Fund every wallet from the dev faucet: one POST per transfer, so each has its own request trace.
            using (var faucet = DevFaucet.CreateKeyPair())
            {
                var funding = wallets.Select((w, i) => Transaction.Create(faucet, w.Address, Funding, 1, (ulong)i, Now, chainId)).ToList();
                await Task.WhenAll(funding.Chunk(10).Select(async chunk =>
                {
                    foreach (var transfer in chunk)
                    {
                        await PostAsync("/transactions", transfer.ToJson());
                    }
                }));
                await WaitForConfirmedAsync(funding.Count);
            }

            var funded = clock.Elapsed;

            // 1,000 transfers: each wallet pays 20 random others, posted in batches.
            var random = new Random(4);
            var transfers = new List<Transaction>(WalletCount * TransfersPerWallet);
            for (var nonce = 0UL; nonce < TransfersPerWallet; nonce++)
            {
                for (var w = 0; w < WalletCount; w++)
                {
                    var to = (w + 1 + random.Next(WalletCount - 1)) % WalletCount;
                    transfers.Add(Transaction.Create(wallets[w], wallets[to].Address, (ulong)random.Next(1, 1_000), (ulong)random.Next(1, 10), nonce, Now, chainId));
                }
            }

            foreach (var batch in transfers.Chunk(250))
            {
                var body = Encoding.UTF8.GetBytes("[" + string.Join(",", batch.Select(t => Encoding.UTF8.GetString(t.ToJson()))) + "]");
                await PostAsync("/transactions/batch", body);
            }

            await WaitForConfirmedAsync(WalletCount + transfers.Count);
            var confirmed = clock.Elapsed - funded;

            // Every transfer is confirmed, by id.
            foreach (var transfer in transfers)
            {
                var status = await _chainQuery.Client.GetFromJsonAsync<TransactionStatus>($"/transactions/{transfer.Id}", Json);
                Assert.Equal("confirmed", status!.Status);
            }

            // The books balance: premine plus one subsidy per block, fees only moved to miners.
            var stats = (await _chainQuery.Client.GetFromJsonAsync<ChainStats>("/stats", Json))!;
            var holders = wallets.Select(w => w.Address.ToString()).Append(DevFaucet.Address.ToString()).ToList();
            foreach (var miner in _miners)
            {
                holders.Add((await miner.Client.GetFromJsonAsync<MinerStatus>("/miner", Json))!.RewardAddress);
            }

            long total = 0;
            foreach (var holder in holders)
            {
                total += (await _chainQuery.Client.GetFromJsonAsync<AddressDetails>($"/addresses/{holder}", Json))!.Balance;
            }

            var network = NetworkParameters.Test;
            Assert.Equal((long)(network.Premine.Sum(p => (decimal)p.Amount) + stats.Height * (decimal)network.BlockSubsidy), total);
            Assert.Equal(0, stats.RejectedTransactions);

            var verification = await VerifyChainAsync();
            Assert.True(verification.Valid, $"{verification.Reason}: {verification.Detail}");
            Assert.Equal(stats.Height, verification.Height);

            // The lifecycle view tells, from the blocks' informational headers, which replica mined each block and when
            // each step happened (one machine's clock here, so the steps are in order).
            var lifecycle = (await _chainQuery.Client.GetFromJsonAsync<List<BlockLifecycle>>("/blocks/lifecycle?limit=100", Json))!;
            Assert.Equal(Math.Min(100, stats.Height), lifecycle.Count);
            Assert.All(lifecycle, block =>
            {
                Assert.Contains(block.MinerInstance, new[] { "miner-0", "miner-1" });
                Assert.Equal(BlockLifecycle.Reported, block.HashRateSource);
                Assert.True(
                    block.MinedAtMs <= block.ValidatedAtMs && block.ValidatedAtMs <= block.CommittedAtMs && block.CommittedAtMs <= block.AppliedAtMs,
                    $"block {block.Height}: mined {block.MinedAtMs}, validated {block.ValidatedAtMs}, committed {block.CommittedAtMs}, applied {block.AppliedAtMs}");
            });

            output.WriteLine(
                $"funded {WalletCount} wallets in {funded.TotalSeconds:0.0} s; {transfers.Count} transfers posted and confirmed in {confirmed.TotalSeconds:0.0} s " +
                $"({transfers.Count / confirmed.TotalSeconds:0} tx/s); height {stats.Height}, stale candidates {stats.StaleBlocks}");
            AssertOneTraceRunsFromPostToApply();
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
        }
        finally
        {
            foreach (var wallet in wallets)
            {
                wallet.Dispose();
            }
        }
    }

    private void AssertOneTraceRunsFromPostToApply()
    {
        var spans = _spans.Spans;
        var byTrace = spans.GroupBy(s => s.TraceId).ToDictionary(g => g.Key, g => g.Select(s => s.OperationName).ToHashSet());
        string[] journey = [ChainSpans.TransactionSubmit, ChainSpans.BlockMine, ChainSpans.BlockValidate, ChainSpans.BlockCommit, ChainSpans.BlockApply];
        var complete = byTrace.Where(t => journey.All(t.Value.Contains)).Select(t => t.Key).ToList();
        Assert.True(complete.Count > 0, "one trace holds the POST, block.mine, block.validate, block.commit and block.apply");

        // And it is one causal chain: block.apply descends from the POST's span.
        var trace = complete[0];
        var inTrace = spans.Where(s => s.TraceId == trace).ToDictionary(s => s.SpanId);
        var apply = inTrace.Values.First(s => s.OperationName == ChainSpans.BlockApply);
        var submit = inTrace.Values.First(s => s.OperationName == ChainSpans.TransactionSubmit);
        var ancestors = new List<string>();
        for (var current = apply; current is not null; current = inTrace.GetValueOrDefault(current.ParentSpanId))
        {
            ancestors.Add(current.OperationName);
            if (current.SpanId == submit.SpanId)
            {
                break;
            }
        }

        Assert.Contains(ChainSpans.TransactionSubmit, ancestors);
        Assert.Contains(ChainSpans.BlockMine, ancestors);
    }

    private async Task WaitForConfirmedAsync(int count) =>
        await Eventually.TrueAsync(
            async () => (await _chainQuery.Client.GetFromJsonAsync<ChainStats>("/stats", Json))!.TransactionCount >= count,
            $"{count} confirmed transfers on ChainQuery",
            TimeSpan.FromSeconds(90));

    // One client sending 1,050 transfers in a few requests exceeds ingest's 1,000 a second per client: like any client,
    // it waits the 429's Retry-After and sends the same batch again (a refused request wrote nothing).
    private async Task PostAsync(string path, byte[] json)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(json);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await _ingest.Client.PostAsync(path, content);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return;
        }
    }

    private async Task<ServiceHost> Start(Func<string[], Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>?, Microsoft.AspNetCore.Builder.WebApplication> build, Dictionary<string, string?> settings)
    {
        var host = await ServiceHost.StartAsync(build, settings);
        _services.Add(host);
        return host;
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
