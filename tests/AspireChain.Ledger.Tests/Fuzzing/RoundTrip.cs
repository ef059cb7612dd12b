namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>What an accepted parse must satisfy: a whole object whose every encoding reads back to the same canonical bytes.</summary>
internal static class RoundTrip
{
    public static void Transaction(Transaction transaction)
    {
        Assert.NotNull(transaction);
        Assert.Equal(transaction.IsCoinbase, transaction.Sender is null);
        var bytes = transaction.ToBytes();
        Assert.True(Ledger.Transaction.TryRead(bytes, out var fromBinary, out var binaryError), binaryError.ToString());
        Assert.Equal(bytes, fromBinary.ToBytes());
        Assert.Equal(transaction.Id, fromBinary.Id);
        Assert.True(Ledger.Transaction.TryParseJson(transaction.ToJson(), out var fromJson, out var jsonError), jsonError.ToString());
        Assert.Equal(bytes, fromJson.ToBytes());
        var wire = transaction.ToWire();
        Assert.True(Ledger.Transaction.TryReadWire(wire, out var fromWire, out var wireError), wireError.ToString());
        Assert.Equal(wire, fromWire.ToWire());
        Assert.Equal(transaction.Id, fromWire.Id);
    }

    public static void Block(Block block)
    {
        Assert.NotNull(block);
        Assert.NotNull(block.Header);
        Assert.All(block.Transactions, Assert.NotNull);
        var bytes = block.ToBytes();
        Assert.True(Ledger.Block.TryRead(bytes, out var fromBinary, out var binaryError), binaryError.ToString());
        Assert.Equal(bytes, fromBinary.ToBytes());
        Assert.Equal(block.Hash, fromBinary.Hash);
        var wire = block.ToWire();
        Assert.True(Ledger.Block.TryReadWire(wire, out var fromWire, out var wireError), wireError.ToString());
        Assert.Equal(wire, fromWire.ToWire());
        Assert.Equal(block.Hash, fromWire.Hash);
        var json = block.ToJson();
        if (json.Length <= Ledger.Block.MaxJsonBytes)
        {
            Assert.True(Ledger.Block.TryParseJson(json, out var fromJson, out var jsonError), jsonError.ToString());
            Assert.Equal(bytes, fromJson.ToBytes());
        }
    }

    public static void AcceptedBlock(AcceptedBlock accepted)
    {
        Assert.NotNull(accepted);
        Block(accepted.Block);
        Assert.True(accepted.NextCandidateOffset >= 0);
        Assert.Equal(Signature.Size, accepted.Signature.Length);
        var wire = accepted.ToWire();
        Assert.True(Ledger.AcceptedBlock.TryReadWire(wire, out var fromWire, out var wireError), wireError.ToString());
        Assert.Equal(wire, fromWire.ToWire());
        Assert.Equal((accepted.Hash, accepted.NextCandidateOffset, accepted.Validator.ToString()), (fromWire.Hash, fromWire.NextCandidateOffset, fromWire.Validator.ToString()));
        Assert.Equal(accepted.Signature.ToArray(), fromWire.Signature.ToArray());
        var json = accepted.ToJson();
        if (json.Length <= Ledger.AcceptedBlock.MaxJsonBytes)
        {
            Assert.True(Ledger.AcceptedBlock.TryParseJson(json, out var back, out var error), error.ToString());
            Assert.Equal(json, back.ToJson());
        }
    }
}
