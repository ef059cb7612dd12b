using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

/// <summary>
/// An immutable account-model transaction with one fixed binary layout: the unsigned bytes are what the sender signs,
/// the signed bytes (unsigned || signature) hash to the <see cref="Id"/> used for de-duplication everywhere.
/// </summary>
public sealed partial class Transaction : IEquatable<Transaction>
{
    /// <summary>Byte length of the unsigned canonical form: kind, chain id, sender key, recipient, amount, fee, nonce, timestamp.</summary>
    public const int UnsignedSize = 1 + 4 + PublicKey.Size + Address.Size + 8 + 8 + 8 + 8;

    /// <summary>Byte length of the signed canonical form (the binary wire form).</summary>
    public const int SignedSize = UnsignedSize + Ledger.Signature.Size;

    private readonly byte[] _signature;

    private Transaction(TransactionKind kind, uint chainId, PublicKey? sender, Address recipient, ulong amount, ulong fee, ulong nonce, long timestamp, byte[] signature)
    {
        Kind = kind;
        ChainId = chainId;
        Sender = sender;
        Recipient = recipient;
        Amount = amount;
        Fee = fee;
        Nonce = nonce;
        Timestamp = timestamp;
        _signature = signature;
        Span<byte> bytes = stackalloc byte[SignedSize];
        WriteTo(bytes);
        Id = Hash256.Compute(bytes);
    }

    /// <summary>Transfer or coinbase.</summary>
    public TransactionKind Kind { get; }

    /// <summary>True for minted coins (no sender, no signature).</summary>
    public bool IsCoinbase => Kind == TransactionKind.Coinbase;

    /// <summary>The network this transaction is valid on (replay protection across networks).</summary>
    public uint ChainId { get; }

    /// <summary>The signer's public key; null for coinbase.</summary>
    public PublicKey? Sender { get; }

    /// <summary>The paying account; <see cref="Address.Zero"/> for coinbase.</summary>
    public Address SenderAddress => Sender?.Address ?? Address.Zero;

    /// <summary>The receiving account.</summary>
    public Address Recipient { get; }

    /// <summary>Coins moved, in the smallest unit.</summary>
    public ulong Amount { get; }

    /// <summary>Coins paid to the miner, in the smallest unit (always 0 for coinbase).</summary>
    public ulong Fee { get; }

    /// <summary>The sender's sequence number (must be exactly the account's next); for coinbase, the block height.</summary>
    public ulong Nonce { get; }

    /// <summary>When the sender created it, Unix milliseconds (informational, not a consensus rule).</summary>
    public long Timestamp { get; }

    /// <summary>The 64-byte low-S signature (all zero for coinbase).</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>SHA-256 of the signed canonical bytes.</summary>
    public Hash256 Id { get; }

    /// <summary>Creates and signs a transfer.</summary>
    public static Transaction Create(KeyPair sender, Address recipient, ulong amount, ulong fee, ulong nonce, long timestamp, uint chainId)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var unsigned = new Transaction(TransactionKind.Transfer, chainId, sender.PublicKey, recipient, amount, fee, nonce, timestamp, new byte[Ledger.Signature.Size]);
        Span<byte> message = stackalloc byte[UnsignedSize];
        unsigned.WriteUnsignedTo(message);
        return new Transaction(TransactionKind.Transfer, chainId, sender.PublicKey, recipient, amount, fee, nonce, timestamp, sender.Sign(message));
    }

    /// <summary>Creates a coinbase minting <paramref name="amount"/> to <paramref name="recipient"/> at <paramref name="height"/> (the height keeps coinbase ids unique).</summary>
    public static Transaction CreateCoinbase(Address recipient, ulong amount, ulong height, long timestamp, uint chainId) =>
        new(TransactionKind.Coinbase, chainId, null, recipient, amount, 0, height, timestamp, new byte[Ledger.Signature.Size]);

    /// <summary>Builds a transaction from already-signed parts (e.g. a wire form); nothing is verified here, see <see cref="TransactionValidator"/>.</summary>
    public static Transaction FromParts(TransactionKind kind, uint chainId, PublicKey? sender, Address recipient, ulong amount, ulong fee, ulong nonce, long timestamp, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ledger.Signature.Size) throw new ArgumentException($"A signature is {Ledger.Signature.Size} bytes.", nameof(signature));
        if ((kind == TransactionKind.Transfer) != (sender is not null)) throw new ArgumentException("A transfer has a sender and a coinbase has none.", nameof(sender));
        return new Transaction(kind, chainId, sender, recipient, amount, fee, nonce, timestamp, signature.ToArray());
    }

    /// <summary>Checks the signature against the unsigned canonical bytes (false for coinbase, which has none).</summary>
    public bool VerifySignature()
    {
        if (Sender is null) return false;
        Span<byte> message = stackalloc byte[UnsignedSize];
        WriteUnsignedTo(message);
        return Sender.Verify(message, _signature);
    }

    /// <summary>Writes the unsigned canonical bytes (what is signed).</summary>
    public void WriteUnsignedTo(Span<byte> destination)
    {
        destination = destination[..UnsignedSize];
        destination[0] = (byte)Kind;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], ChainId);
        if (Sender is null) destination.Slice(5, PublicKey.Size).Clear();
        else Sender.Bytes.CopyTo(destination[5..]);
        var offset = 5 + PublicKey.Size;
        Recipient.WriteTo(destination[offset..]);
        offset += Address.Size;
        BinaryPrimitives.WriteUInt64BigEndian(destination[offset..], Amount);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(offset + 8)..], Fee);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(offset + 16)..], Nonce);
        BinaryPrimitives.WriteInt64BigEndian(destination[(offset + 24)..], Timestamp);
    }

    /// <summary>Writes the signed canonical bytes (the binary wire form, <see cref="SignedSize"/> bytes).</summary>
    public void WriteTo(Span<byte> destination)
    {
        WriteUnsignedTo(destination);
        _signature.CopyTo(destination[UnsignedSize..]);
    }

    /// <summary>The signed canonical bytes as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SignedSize];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Reads the binary wire form; fails with a reason when the layout is not canonical.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, [NotNullWhen(true)] out Transaction? transaction, out ValidationResult error)
    {
        transaction = null;
        if (source.Length != SignedSize)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"a transaction is {SignedSize} bytes, got {source.Length}");
            return false;
        }
        var kind = (TransactionKind)source[0];
        PublicKey? sender = null;
        var key = source.Slice(5, PublicKey.Size);
        var signature = source.Slice(UnsignedSize, Ledger.Signature.Size);
        switch (kind)
        {
            case TransactionKind.Transfer:
                if (!PublicKey.TryRead(key, out sender))
                {
                    error = ValidationResult.Fail(RejectReason.BadPublicKey, "sender key is not an uncompressed P-256 point encoding");
                    return false;
                }
                break;
            case TransactionKind.Coinbase:
                if (key.ContainsAnyExcept((byte)0) || signature.ContainsAnyExcept((byte)0))
                {
                    error = ValidationResult.Fail(RejectReason.Malformed, "a coinbase carries no sender key and no signature");
                    return false;
                }
                break;
            default:
                error = ValidationResult.Fail(RejectReason.Malformed, $"unknown transaction kind {source[0]}");
                return false;
        }
        var offset = 5 + PublicKey.Size;
        transaction = new Transaction(
            kind,
            BinaryPrimitives.ReadUInt32BigEndian(source[1..]),
            sender,
            new Address(source.Slice(offset, Address.Size)),
            BinaryPrimitives.ReadUInt64BigEndian(source[(offset + Address.Size)..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[(offset + Address.Size + 8)..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[(offset + Address.Size + 16)..]),
            BinaryPrimitives.ReadInt64BigEndian(source[(offset + Address.Size + 24)..]),
            signature.ToArray());
        if (transaction.IsCoinbase && transaction.Fee != 0)
        {
            transaction = null;
            error = ValidationResult.Fail(RejectReason.Malformed, "a coinbase pays no fee");
            return false;
        }
        error = ValidationResult.Ok;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(Transaction? other) => other is not null && Id == other.Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Transaction);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"tx {Id} {Kind} {SenderAddress}→{Recipient} amount={Amount} fee={Fee} nonce={Nonce}";
}
