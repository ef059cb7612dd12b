using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

/// <summary>A header plus its body (coinbase first, then transfers); immutable, with its hash computed once.</summary>
public sealed partial class Block
{
    /// <summary>Creates a block; nothing is validated here (see <see cref="BlockValidator"/>).</summary>
    public Block(BlockHeader header, IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(transactions);
        Header = header;
        Transactions = transactions;
        Hash = header.ComputeHash();
    }

    /// <summary>The hashed header.</summary>
    public BlockHeader Header { get; }

    /// <summary>Coinbase first, then transfers.</summary>
    public IReadOnlyList<Transaction> Transactions { get; }

    /// <summary>SHA-256 of the header's canonical bytes.</summary>
    public Hash256 Hash { get; }

    /// <summary>The header's height.</summary>
    public ulong Height => Header.Height;

    /// <summary>The first transaction when it is a coinbase.</summary>
    public Transaction? Coinbase => Transactions.Count > 0 && Transactions[0].IsCoinbase ? Transactions[0] : null;

    /// <summary>Byte length of the binary form: header, 4-byte count, fixed-size transactions.</summary>
    public int Size => BinarySize(Transactions.Count);

    /// <summary>Byte length of a binary block holding <paramref name="transactionCount"/> transactions.</summary>
    public static int BinarySize(int transactionCount) => BlockHeader.Size + 4 + transactionCount * Transaction.SignedSize;

    /// <summary>Returns a copy with another nonce (what a miner publishes).</summary>
    public Block WithNonce(ulong nonce) => new(Header with { Nonce = nonce }, Transactions);

    /// <summary>The binary form.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        Header.WriteTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(BlockHeader.Size), Transactions.Count);
        for (var i = 0; i < Transactions.Count; i++)
            Transactions[i].WriteTo(bytes.AsSpan(BinarySize(i)));
        return bytes;
    }

    /// <summary>Reads the binary form, reporting why it is not canonical.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, [NotNullWhen(true)] out Block? block, out ValidationResult error)
    {
        block = null;
        if (source.Length < BinarySize(0))
        {
            error = ValidationResult.Fail(RejectReason.Malformed, "shorter than a header and a count");
            return false;
        }
        if (!BlockHeader.TryRead(source[..BlockHeader.Size], out var header, out error)) return false;
        var count = BinaryPrimitives.ReadInt32BigEndian(source[BlockHeader.Size..]);
        if (count < 0 || (long)BinarySize(0) + (long)count * Transaction.SignedSize != source.Length)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"transaction count {count} does not match {source.Length} bytes");
            return false;
        }
        var transactions = new Transaction[count];
        for (var i = 0; i < count; i++)
        {
            if (!Transaction.TryRead(source.Slice(BinarySize(i), Transaction.SignedSize), out var tx, out error))
            {
                error = error with { Detail = $"transaction {i}: {error.Detail}" };
                return false;
            }
            transactions[i] = tx;
        }
        block = new Block(header, transactions);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"block {Height} {Hash} txs={Transactions.Count}";
}
