using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using CsCheck;

namespace AspireChain.Kafka.Tests.Fuzzing;

/// <summary>
/// The record values of <c>transactions</c>, <c>candidates</c> and <c>blocks</c> as the contracts write and read them:
/// binary, each read back whole, and any bytes (JSON, another topic's value, noise after a format byte) a typed refusal.
/// </summary>
public sealed class MessageValueFuzzTests
{
    private static readonly KeyPair Sender = KeyPair.FromSeed([0x4b, 0x01]);
    private static readonly KeyPair Validator = DevValidator.CreateKeyPair();

    private static readonly Gen<Transaction> Transfers =
        Gen.Select(Gen.Byte.Array[Address.Size], Gen.ULong, Gen.ULong, Gen.ULong)
            .Select((to, amount, fee, nonce) => Transaction.Create(Sender, new Address(to), amount, fee, nonce, 1_767_225_600_000, NetworkParameters.Test.ChainId));

    private static readonly Gen<Block> Blocks =
        Gen.Select(Gen.ULong[1, 1_000], Gen.Byte.Array[Hash256.Size], Transfers.Array[0, 4]).Select((height, previous, transfers) =>
        {
            Transaction[] body = [Transaction.CreateCoinbase(DevFaucet.Address, 50, height, 1_767_225_600_000, NetworkParameters.Test.ChainId), .. transfers];
            return new Block(new BlockHeader(1, height, new Hash256(previous), MerkleTree.ComputeRoot(body), Hash256.Zero, 1_767_225_600_000, NetworkParameters.Test.InitialTarget, DevFaucet.Address, height), body);
        });

    [Fact]
    public void Each_message_reads_back_the_value_it_wrote() =>
        Gen.Select(Transfers, Blocks, Gen.Long[0, long.MaxValue]).Sample((transfer, block, offset) =>
        {
            Assert.True(TransactionMessage.TryParse(new TransactionMessage(transfer).ToMessage().Value, out var tx, out var txError), txError.ToString());
            Assert.Equal(transfer.Id, tx.Transaction.Id);
            Assert.True(CandidateMessage.TryParse(new CandidateMessage(block).ToMessage().Value, out var candidate, out var candidateError), candidateError.ToString());
            Assert.Equal(block.Hash, candidate.Block.Hash);
            var accepted = AcceptedBlock.Sign(block, offset, Validator, NetworkParameters.Test);
            Assert.True(BlockMessage.TryParse(new BlockMessage(accepted).ToMessage(null, DateTimeOffset.UnixEpoch).Value, out var read, out var blockError), blockError.ToString());
            Assert.Equal((block.Hash, offset), (read.Accepted.Hash, read.Accepted.NextCandidateOffset));
            Assert.True(read.Accepted.Verify(NetworkParameters.Test).IsValid);
        }, iter: 100);

    [Fact]
    public void A_json_value_or_another_topics_value_is_malformed_on_every_topic()
    {
        var transfer = Transfers.Single();
        var block = Blocks.Single();
        var accepted = AcceptedBlock.Sign(block, 3, Validator, NetworkParameters.Test);
        byte[][] foreignToTransactions = [transfer.ToJson(), block.ToWire(), accepted.ToWire()];
        byte[][] foreignToCandidates = [block.ToJson(), transfer.ToWire(), accepted.ToWire()];
        byte[][] foreignToBlocks = [accepted.ToJson(), transfer.ToWire(), block.ToWire()];
        Assert.All(foreignToTransactions, v => Assert.Equal(RejectReason.Malformed, Refused(TransactionMessage.TryParse(v, out _, out var e), e)));
        Assert.All(foreignToCandidates, v => Assert.Equal(RejectReason.Malformed, Refused(CandidateMessage.TryParse(v, out _, out var e), e)));
        Assert.All(foreignToBlocks, v => Assert.Equal(RejectReason.Malformed, Refused(BlockMessage.TryParse(v, out _, out var e), e)));
    }

    [Fact]
    public void A_candidate_over_the_networks_transaction_limit_is_refused_before_it_is_read()
    {
        var block = Blocks.Where(b => b.Transactions.Count >= 2).Single();
        var value = new CandidateMessage(block).ToMessage().Value;
        Assert.True(CandidateMessage.TryParse(value, block.Transactions.Count, out _, out _));
        Assert.Equal(RejectReason.BadBlockLength, Refused(CandidateMessage.TryParse(value, block.Transactions.Count - 1, out _, out var error), error));
    }

    [Fact]
    public void Any_bytes_get_a_typed_result_from_every_message_reader()
    {
        // Half the inputs start with a format byte, so the readers get past the first check.
        var inputs = Gen.Frequency(
            (1, Gen.Byte.Array[0, 700]),
            (1, Gen.Select(Gen.Byte[1, 3], Gen.Byte.Array[0, 700]).Select((format, rest) => (byte[])[format, .. rest])));
        inputs.Sample(value =>
        {
            Typed(TransactionMessage.TryParse(value, out var tx, out var txError), tx, txError);
            Typed(CandidateMessage.TryParse(value, out var candidate, out var candidateError), candidate, candidateError);
            Typed(CandidateMessage.TryParse(value, 5_000, out var limited, out var limitedError), limited, limitedError);
            Typed(BlockMessage.TryParse(value, out var block, out var blockError), block, blockError);
        }, iter: 5_000);
    }

    private static RejectReason Refused(bool parsed, ValidationResult error)
    {
        Assert.False(parsed);
        Assert.False(string.IsNullOrEmpty(error.Detail));
        return error.Reason;
    }

    private static void Typed(bool parsed, object? message, ValidationResult error)
    {
        Assert.Equal(parsed, message is not null);
        Assert.Equal(parsed, error.IsValid);
        if (!parsed)
        {
            Assert.True(Enum.IsDefined(error.Reason));
            Assert.False(string.IsNullOrEmpty(error.Detail));
        }
    }
}
