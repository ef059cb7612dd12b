using CsCheck;

namespace AspireChain.Ledger.Tests.Properties;

/// <summary>Any single-byte change to a signed transaction or a mined header is refused, whatever byte and value.</summary>
public sealed class MutationProperties
{
    private static readonly NetworkParameters Network = NetworkParameters.Test;

    [Fact]
    public void Any_single_byte_mutation_of_a_signed_transaction_is_rejected()
    {
        using var alice = KeyPair.Generate();
        var tx = Transaction.Create(alice, Address.Parse("b0b0000000000000000000000000000000000b0b"), 1_000, 5, 3, 1_767_225_600_000, Network.ChainId);
        Assert.True(TransactionValidator.ValidateStateless(tx, Network).IsValid);
        var original = tx.ToBytes();
        Gen.Select(Gen.Int[0, Transaction.SignedSize - 1], Gen.Byte[1, 255]).Sample((position, flip) =>
        {
            var bytes = (byte[])original.Clone();
            bytes[position] ^= flip;
            if (!Transaction.TryRead(bytes, out var mutated, out _)) return; // refused at parse
            Assert.NotEqual(tx.Id, mutated.Id);
            Assert.False(TransactionValidator.ValidateStateless(mutated, Network).IsValid, $"byte {position} ^ {flip:x2} was accepted");
        }, iter: 2_000);
    }

    [Fact]
    public void Every_single_byte_mutation_of_a_mined_header_is_rejected()
    {
        // A real target (~2^20 hashes) so that changing the nonce is caught by proof of work, and a deterministic block
        // (coinbase only, fixed clock, one mining thread so the first winning nonce is found) so the exhaustive result below is the same on every run.
        var target = Target.FromExpectedAttempts(1 << 20);
        var network = Network with { InitialTarget = target, PowLimit = target };
        var chain = new Chain(network);
        var now = network.GenesisTimestamp + 1_000;
        var (mined, result) = VectorProofOfWork.Instance.Mine(chain.CreateTemplate(TestChain.Miner, [], now).Block, threads: 1, CancellationToken.None);
        Assert.True(result.Found);
        Assert.True(chain.TryAppend(mined!, now).IsValid);
        chain.RemoveTip();

        var bytes = mined!.ToBytes();
        var accepted = new List<string>();
        for (var position = 0; position < BlockHeader.Size; position++)
        {
            for (var flip = 1; flip < 256; flip++)
            {
                bytes[position] ^= (byte)flip;
                if (Block.TryRead(bytes, out var mutated, out _) && chain.TryAppend(mutated, now).IsValid)
                {
                    accepted.Add($"byte {position} ^ {flip:x2}");
                    chain.RemoveTip();
                }
                bytes[position] ^= (byte)flip;
            }
        }
        Assert.Empty(accepted);
    }
}
