using CsCheck;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>Generators of well-formed ledger objects, the starting points the fuzzers mutate.</summary>
internal static class WireGen
{
    // Signing is the slow part of generating a transfer: a few fixed keys are enough, the fields vary.
    private static readonly KeyPair[] Keys = [.. Enumerable.Range(0, 3).Select(i => KeyPair.FromSeed([(byte)i, 0xF2]))];
    private static readonly KeyPair DevValidatorKey = DevValidator.CreateKeyPair();

    public static Gen<Address> Addresses { get; } = Gen.Byte.Array[Address.Size].Select(b => new Address(b));

    public static Gen<Hash256> Hashes { get; } = Gen.Byte.Array[Hash256.Size].Select(b => new Hash256(b));

    public static Gen<Target> Targets { get; } = Gen.Int[0, 255].Select(k => Target.FromExpectedAttempts(Math.Pow(2, k)));

    public static Gen<Transaction> Transfers { get; } =
        Gen.Select(Gen.Int[0, Keys.Length - 1], Addresses, Gen.ULong, Gen.ULong, Gen.ULong, Gen.Long, Gen.UInt)
            .Select((key, to, amount, fee, nonce, timestamp, chainId) => Transaction.Create(Keys[key], to, amount, fee, nonce, timestamp, chainId));

    public static Gen<Transaction> Coinbases { get; } =
        Gen.Select(Addresses, Gen.ULong, Gen.ULong, Gen.Long, Gen.UInt)
            .Select((to, amount, height, timestamp, chainId) => Transaction.CreateCoinbase(to, amount, height, timestamp, chainId));

    public static Gen<Transaction> Transactions { get; } = Gen.Frequency((3, Transfers), (1, Coinbases));

    public static Gen<BlockHeader> Headers { get; } =
        Gen.Select(Gen.Select(Gen.UInt, Gen.ULong, Hashes, Hashes, Hashes), Gen.Select(Gen.Long, Targets, Addresses, Gen.ULong))
            .Select((first, last) => new BlockHeader(first.Item1, first.Item2, first.Item3, first.Item4, first.Item5, last.Item1, last.Item2, last.Item3, last.Item4));

    /// <summary>Blocks as a miner would send them (coinbase first, Merkle root matching) or not: the parsers check form, not consensus.</summary>
    public static Gen<Block> Blocks { get; } =
        Gen.Select(Headers, Coinbases, Transactions.Array[0, 3], Gen.Bool)
            .Select((header, coinbase, rest, matchRoot) =>
            {
                Transaction[] transactions = [coinbase, .. rest];
                return new Block(matchRoot ? header with { MerkleRoot = MerkleTree.ComputeRoot(transactions) } : header, transactions);
            });

    /// <summary>Envelopes of such blocks, signed by a few keys (the dev validator among them) with any offset.</summary>
    public static Gen<AcceptedBlock> AcceptedBlocks { get; } =
        Gen.Select(Blocks, Gen.Long[0, long.MaxValue], Gen.Int[0, Keys.Length])
            .Select((block, offset, key) => key == Keys.Length
                ? AcceptedBlock.Sign(block, offset, DevValidatorKey, NetworkParameters.Test)
                : AcceptedBlock.Sign(block, offset, Keys[key], NetworkParameters.Test));
}
