using System.Net.Http.Json;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using AspireChain.Validator;
using AspireChain.Validator.Apis;
using AspireChain.Validator.Consumers;

namespace AspireChain.Validator.Tests;

/// <summary>
/// The Validator takes ingest's word for a signature only under the validators' secret: a transfer vouched for on
/// <c>transactions</c> is not verified again when a candidate carries it; one tagged for the miners (whose secret a miner
/// holds) or not at all is verified in full, and a forgery among them is still rejected.
/// </summary>
public sealed class ValidatorAttestationTests : BrokerTests
{
    private const string Secret = "the-validators-secret-only-ingest-and-validators-hold";

    [Fact]
    public async Task A_transfer_vouched_for_to_the_validators_is_not_verified_again_and_a_miners_tag_vouches_for_nothing()
    {
        var settings = TestNetwork.Validator(_broker, _data.File("validator.db"));
        settings[TransferAttestation.ValidatorsConfigurationKey] = Secret;
        await using var validator = await ServiceHost.StartAsync(ValidatorApp.Build, settings);
        await Eventually.TrueAsync(() => validator.Get<VouchFeed>().IsReading, "the validator reading transactions");
        var validators = TransferAttestation.ForValidators(Secret);
        // The miners' audience under the very same secret: its header is not the one the Validator reads.
        var miners = TransferAttestation.ForMiners(Secret);
        var vouched = CandidateForge.FaucetTransfer(0);
        var minersOnly = CandidateForge.FaucetTransfer(1);
        var untagged = CandidateForge.FaucetTransfer(2);
        var genuine = CandidateForge.FaucetTransfer(3);
        var forged = Transaction.FromParts(
            genuine.Kind, genuine.ChainId, genuine.Sender, genuine.Recipient, genuine.Amount + 1, genuine.Fee, genuine.Nonce, genuine.Timestamp, genuine.Signature);

        await _writer.SubmitAsync(vouched, validators);
        await _writer.SubmitAsync(minersOnly, miners);
        await _writer.SubmitAsync(untagged);
        await _writer.SubmitAsync(forged, miners);
        await Eventually.TrueAsync(async () => (await StatusAsync(validator)).TransfersVouched == 1, "the one vouched transfer remembered");

        var forge = new CandidateForge();
        var withForgery = forge.Raw([vouched, minersOnly, untagged, forged]);
        var honest = forge.Valid(vouched, minersOnly, untagged);
        await _writer.ProposeAsync(withForgery);
        await _writer.ProposeAsync(honest);
        await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).Count == 1, "the honest candidate accepted");

        Assert.Equal([honest.Hash], ChainLog.Blocks(_broker.BootstrapServers).Select(b => b.Hash));
        var rejection = Assert.Single(ChainLog.Rejections(_broker.BootstrapServers));
        Assert.Equal((withForgery.Hash.ToString(), "bad-signature"), (rejection.Id, rejection.Reason));
        var status = await StatusAsync(validator);
        // The forged candidate: 1 vouched, 3 verified (the forgery found). The honest one: 1 vouched, 2 verified.
        Assert.Equal((2L, 5L), (status.SignaturesAttested, status.SignaturesVerified));
    }

    [Fact]
    public async Task Without_the_validators_secret_nothing_is_read_from_transactions_and_every_signature_is_verified()
    {
        await using var validator = await ServiceHost.StartAsync(ValidatorApp.Build, TestNetwork.Validator(_broker, _data.File("validator.db")));
        var transfer = CandidateForge.FaucetTransfer(0);
        await _writer.SubmitAsync(transfer, TransferAttestation.ForValidators(Secret));

        var forge = new CandidateForge();
        await _writer.ProposeAsync(forge.Valid(transfer));
        await Eventually.TrueAsync(() => ChainLog.Blocks(_broker.BootstrapServers).Count == 1, "the candidate accepted");

        var status = await StatusAsync(validator);
        Assert.False(validator.Get<VouchFeed>().IsReading);
        Assert.Equal((0, 0L, 1L), (status.TransfersVouched, status.SignaturesAttested, status.SignaturesVerified));
    }

    private static async Task<ValidatorStatus> StatusAsync(ServiceHost validator) =>
        (await validator.Client.GetFromJsonAsync<ValidatorStatus>("/validator"))!;
}
