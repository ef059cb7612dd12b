using AspireChain.Contracts.Messages;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using AspireChain.Miner;
using AspireChain.Validator;

namespace AspireChain.Pipeline.Tests;

/// <summary>
/// Whoever holds the miners' attestation secret (ingest, or any miner replica) can tag a transfer no one signed. The
/// miners take the tag, so such a transfer reaches a candidate; the Validator verifies every signature itself, names the
/// forgery in its verdict, and the miner checks it, drops it and never carries it again: it costs at most one refused
/// candidate, the victim's real transfer and everyone else's confirm, and no forged transfer is ever in a block.
/// </summary>
public sealed class ForgedTransferTests : IAsyncLifetime
{
    private const string MinersSecret = "pipeline-test-miners-secret-0123456789abcdef";
    private readonly TempDirectory _data = new();
    private readonly List<ServiceHost> _services = [];
    private EmbeddedKafkaBroker _broker = null!;
    private KafkaWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _broker = TestNetwork.StartBroker();
        _writer = new KafkaWriter(_broker.BootstrapServers);
        _services.Add(await ServiceHost.StartAsync(ValidatorApp.Build, TestNetwork.Validator(_broker, _data.File("validator.db"))));
        var miner = TestNetwork.Miner(_broker, "miner-0", TimeSpan.FromMilliseconds(300));
        miner[TransferAttestation.MinersConfigurationKey] = MinersSecret;
        _services.Add(await ServiceHost.StartAsync(MinerApp.Build, miner));
    }

    public async Task DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.DisposeAsync();
        }

        _writer.Dispose();
        _broker.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task A_transfer_tagged_by_an_insider_but_signed_by_no_one_costs_one_refused_candidate_at_most_and_never_confirms()
    {
        var tag = TransferAttestation.ForMiners(MinersSecret);
        using var victim = KeyPair.Generate();
        using var thief = KeyPair.Generate();
        var funding = Wallets.FromFaucet(0, 1_000_000, to: victim.Address);
        await _writer.SubmitAsync(funding, tag);
        await Eventually.TrueAsync(() => Confirmed().Contains(funding.Id), "the victim funded");

        // The victim's nonce 0, paying the thief, with signature bytes no key made: tagged, so the miner takes it unverified.
        var real = Transaction.Create(victim, thief.Address, 10, 1, 0, CandidateForge.Now, TestNetwork.Parameters.ChainId);
        var forged = Unsigned(victim, thief.Address, 900_000, fee: 50, nonce: 0);
        await _writer.SubmitAsync(forged, tag);
        // Everyone else's transfers go on meanwhile.
        var honest = Enumerable.Range(1, 5).Select(n => Wallets.FromFaucet((ulong)n, 1_000)).ToList();
        foreach (var transfer in honest)
        {
            await _writer.SubmitAsync(transfer, tag);
        }

        await Eventually.TrueAsync(() => honest.All(t => Confirmed().Contains(t.Id)), "the honest transfers confirmed");
        // Then the victim's real transfer, same nonce: it confirms, the forgery is refused for its signature.
        await _writer.SubmitAsync(real, tag);
        await Eventually.TrueAsync(() => Confirmed().Contains(real.Id), "the victim's real transfer confirmed");
        await Eventually.TrueAsync(
            () => ChainLog.Rejections(_broker.BootstrapServers).Any(r => r.Kind == RejectionKinds.Transaction && r.Id == forged.Id.ToString() && r.Reason == "bad-signature"),
            "the forgery refused and reported");

        Assert.DoesNotContain(forged.Id, Confirmed());
        var refusedCandidates = ChainLog.Rejections(_broker.BootstrapServers).Where(r => r is { Kind: RejectionKinds.Block, Reason: "bad-signature" }).ToList();
        Assert.InRange(refusedCandidates.Count, 0, 1);
        Assert.All(refusedCandidates, r => Assert.Equal(forged.Id.ToString(), r.Transaction));
        // A second forgery with the same tag, no competitor this time: one refused candidate at most, then dropped for good.
        var second = Unsigned(victim, thief.Address, 500_000, fee: 50, nonce: 1);
        await _writer.SubmitAsync(second, tag);
        var after = Wallets.FromFaucet(6, 1_000);
        await _writer.SubmitAsync(after, tag);
        await Eventually.TrueAsync(
            () => ChainLog.Rejections(_broker.BootstrapServers).Any(r => r.Kind == RejectionKinds.Transaction && r.Id == second.Id.ToString() && r.Reason == "bad-signature"),
            "the second forgery refused and reported");
        await Eventually.TrueAsync(() => Confirmed().Contains(after.Id), "a transfer after it confirmed");
        Assert.DoesNotContain(second.Id, Confirmed());
        Assert.InRange(ChainLog.Rejections(_broker.BootstrapServers).Count(r => r is { Kind: RejectionKinds.Block, Reason: "bad-signature" }), 0, 2);
    }

    private HashSet<Hash256> Confirmed() =>
        ChainLog.Blocks(_broker.BootstrapServers).SelectMany(b => b.Transactions).Select(t => t.Id).ToHashSet();

    // A transfer from `from` whose signature is well-formed (low-S, in range) but made by no key.
    private static Transaction Unsigned(KeyPair from, Address to, ulong amount, ulong fee, ulong nonce)
    {
        var other = Transaction.Create(from, to, amount + 1, fee, nonce, CandidateForge.Now, TestNetwork.Parameters.ChainId);
        var template = Transaction.Create(from, to, amount, fee, nonce, CandidateForge.Now, TestNetwork.Parameters.ChainId);
        return Transaction.FromParts(template.Kind, template.ChainId, template.Sender, template.Recipient, template.Amount, template.Fee, template.Nonce, template.Timestamp, other.Signature);
    }
}
