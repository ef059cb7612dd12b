using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.Ledger;
using AspireChain.Testing;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>Scenario 6, the HTTP edge: what ingest can judge alone is refused there with the right problem; what needs chain state is refused downstream.</summary>
[Collection(SharedSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class BadInputTests(SharedSystemFixture fixture)
{
    private const string ProblemTypeBase = "https://aspirechain.dev/problems/";

    [Fact]
    public async Task Every_malformed_request_gets_its_problem_and_nothing_reaches_Kafka()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var system = fixture.System;
        var wallets = await system.Faucet.CreateFundedWalletsAsync(1, 10_000, cts.Token);
        using var wallet = wallets[0];
        using var other = Wallet.Create();
        var valid = wallet.Sign(other.Address, 10, 1, wallet.NextNonce);
        var badSignature = Tamper(valid, d => d with { Id = null, Signature = FlipFirstByte(d.Signature!) });
        var wrongChain = wallet.Sign(other.Address, 10, 1, wallet.NextNonce, NetworkParameters.Dev.ChainId);
        var overflow = wallet.Sign(other.Address, ulong.MaxValue, 1, wallet.NextNonce);
        var zeroAmount = wallet.Sign(other.Address, 0, 1, wallet.NextNonce);
        var oversized = "{\"padding\":\"" + new string('x', 20_000) + "\"}";

        var before = await TopicReader.CountAppendedAsync(system.BootstrapServers, Topics.Transactions, cts.Token);
        (string Case, string Body, string ContentType, HttpStatusCode Status, string Rule)[] cases =
        [
            ("malformed JSON", "{\"chainId\": 1, \"to\": ", "application/json", HttpStatusCode.BadRequest, "malformed"),
            ("not a transaction", "[1, 2, 3]", "application/json", HttpStatusCode.BadRequest, "malformed"),
            ("wrong content type", Json(valid), "text/plain", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type"),
            ("oversized body", oversized, "application/json", HttpStatusCode.RequestEntityTooLarge, "body-too-large"),
            ("bad signature", badSignature, "application/json", HttpStatusCode.BadRequest, "bad-signature"),
            ("wrong chain id", Json(wrongChain), "application/json", HttpStatusCode.BadRequest, "bad-chain-id"),
            ("amount + fee overflows", Json(overflow), "application/json", HttpStatusCode.BadRequest, "amount-overflow"),
            ("zero amount", Json(zeroAmount), "application/json", HttpStatusCode.BadRequest, "bad-amount"),
        ];

        foreach (var (name, body, contentType, status, rule) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/transactions") { Content = new StringContent(body, Encoding.UTF8, contentType) };
            // A large body is announced before it is sent, so the server can refuse it without reading it (RFC 9110 §10.1.1).
            request.Headers.ExpectContinue = body.Length > 16 * 1024;
            HttpResponseMessage answer;
            try
            {
                answer = await system.Client.Ingest.SendAsync(request, cts.Token);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"{name}: no HTTP answer ({e.Message})", e);
            }

            using var response = answer;
            var text = await response.Content.ReadAsStringAsync(cts.Token);
            Assert.True(status == response.StatusCode, $"{name}: expected {(int)status}, got {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonSerializer.Deserialize(text, ServiceJsonContext.Default.ProblemView)!;
            Assert.True(ProblemTypeBase + rule == problem.Type, $"{name}: problem type {problem.Type}, expected {rule}: {text}");
            Assert.Equal(rule, problem.Rule);
            Assert.Equal((int)status, problem.Status);
        }

        // Nothing refused was appended: the topic's end did not move and none of the refused ids is on it or known downstream.
        Assert.Equal(before, await TopicReader.CountAppendedAsync(system.BootstrapServers, Topics.Transactions, cts.Token));
        var onTopic = (await TopicReader.ReadAllAsync(system.BootstrapServers, Topics.Transactions, cts.Token))
            .Select(r => Transaction.ParseWire(r.Value).Id).ToHashSet();
        Hash256[] refused = [wrongChain.Id, overflow.Id, zeroAmount.Id, Transaction.ParseJson(Encoding.UTF8.GetBytes(badSignature)).Id];
        Assert.All(refused, id => Assert.DoesNotContain(id, onTopic));
        foreach (var id in refused)
        {
            Assert.Null(await system.Client.Query.GetStatusAsync(id.ToString(), cts.Token));
        }
    }

    [Fact]
    public async Task Replays_reused_nonces_overdrafts_and_nonce_gaps_pass_the_edge_but_never_apply()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var system = fixture.System;
        var query = system.Client.Query;
        var wallets = await system.Faucet.CreateFundedWalletsAsync(1, 10_000, cts.Token);
        using var wallet = wallets[0];
        using var other = Wallet.Create();

        var first = wallet.Transfer(other.Address, 100);
        await AcceptedAsync(first, cts.Token);
        await system.Client.WaitUntilConfirmedAsync([first.Id], cts.Token);

        // Ingest has no chain state (by design): these are well-formed and signed, so they are accepted and judged downstream.
        await AcceptedAsync(first, cts.Token); // the very same bytes again
        var reusedNonce = wallet.Sign(other.Address, 200, 1, nonce: 0);
        await AcceptedAsync(reusedNonce, cts.Token);
        var overdraft = wallet.Sign(other.Address, 1_000_000, 1, nonce: 1);
        await AcceptedAsync(overdraft, cts.Token);
        Assert.Equal(("rejected", "bad-nonce"), Verdict(await query.WaitForFinalStatusAsync(reusedNonce.Id.ToString(), cts.Token)));
        Assert.Equal(("rejected", "insufficient-funds"), Verdict(await query.WaitForFinalStatusAsync(overdraft.Id.ToString(), cts.Token)));

        var gap = wallet.Sign(other.Address, 10, 1, nonce: 5);
        await AcceptedAsync(gap, cts.Token);
        // The overdraft's refusal left nonce 1 free: a valid transfer takes it.
        var second = wallet.Transfer(other.Address, 50);
        await AcceptedAsync(second, cts.Token);
        await system.Client.WaitUntilConfirmedAsync([second.Id], cts.Token);

        // Same partition, read before 'second' by its miner: the gap was seen and stays waiting for nonces 2-4.
        Assert.Equal("pending", (await query.GetStatusAsync(gap.Id.ToString(), cts.Token))?.Status);
        var audit = await system.AuditAsync(cts.Token);
        audit.AssertSound();
        Assert.Single(audit.TransactionHeights[first.Id]);
        Assert.Single(audit.TransactionHeights[second.Id]);
        Assert.All([reusedNonce.Id, overdraft.Id, gap.Id], id => Assert.False(audit.TransactionHeights.ContainsKey(id)));
        Assert.Equal(new Account(10_000 - 101 - 51, 2), audit.Chain.GetAccount(wallet.Address));
        Assert.Equal(150UL, audit.BalanceOf(other.Address));
        var account = await query.GetAccountAsync(wallet.Address.ToString(), cts.Token);
        Assert.Equal((10_000L - 101 - 51, 2L), (account.Balance, account.Nonce));
    }

    private async Task AcceptedAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        using var response = await fixture.System.Client.PostAsync(transaction, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{transaction}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        Assert.EndsWith($"/transactions/{transaction.Id}", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private static (string?, string?) Verdict(TransactionStatusView? status) => (status?.Status, status?.Reason);

    private static string Json(Transaction transaction) => Encoding.UTF8.GetString(transaction.ToJson());

    private static string Tamper(Transaction transaction, Func<TransactionJson, TransactionJson> edit) =>
        JsonSerializer.Serialize(edit(transaction.ToJsonDocument()), LedgerJsonContext.Default.TransactionJson);

    private static string FlipFirstByte(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];
}
