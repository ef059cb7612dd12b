using System.Buffers.Binary;

namespace AspireChain.Ledger;

/// <summary>
/// A block as the Validator published it on <c>blocks</c>: the block, the next <c>candidates</c> offset its acceptance
/// reflects, and the validator's ECDSA P-256 (low-S) signature over the chain id, the block's height and hash and that
/// offset. Anyone can write to the topic, so a reader applies a block only when <see cref="Verify"/> passes: a forged
/// block, a block signed by a key the network does not pin, or a replay with a tampered offset never moves it.
/// </summary>
public sealed partial class AcceptedBlock
{
    /// <summary>Domain separation: these bytes can never be mistaken for a signed transaction (which starts with its kind byte).</summary>
    public const string SigningDomain = "aspirechain/accepted-block/v1";

    /// <summary>Length of <see cref="SigningBytes"/>: domain, chain id (4), height (8), block hash (32), next candidate offset (8).</summary>
    public const int SigningSize = 29 + 4 + 8 + Hash256.Size + 8;

    private readonly byte[] _signature;

    /// <summary>Wraps an already-signed block; nothing is verified here (see <see cref="Verify"/>).</summary>
    public AcceptedBlock(Block block, long nextCandidateOffset, PublicKey validator, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentOutOfRangeException.ThrowIfNegative(nextCandidateOffset);
        if (signature.Length != Ledger.Signature.Size) throw new ArgumentException($"A signature is {Ledger.Signature.Size} bytes.", nameof(signature));
        Block = block;
        NextCandidateOffset = nextCandidateOffset;
        Validator = validator;
        _signature = signature.ToArray();
    }

    /// <summary>The accepted block.</summary>
    public Block Block { get; }

    /// <summary>The next <c>candidates</c> offset the acceptance reflects: where a validator taking over resumes judging.</summary>
    public long NextCandidateOffset { get; }

    /// <summary>The key that signed (must be one the network pins).</summary>
    public PublicKey Validator { get; }

    /// <summary>64 bytes, r || s, low-S.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>The block's height.</summary>
    public ulong Height => Block.Height;

    /// <summary>The block's hash.</summary>
    public Hash256 Hash => Block.Hash;

    /// <summary>The canonical bytes a validator signs for a block on network <paramref name="chainId"/>.</summary>
    public static byte[] SigningBytes(uint chainId, ulong height, Hash256 hash, long nextCandidateOffset)
    {
        var bytes = new byte[SigningSize];
        var domain = System.Text.Encoding.ASCII.GetBytes(SigningDomain);
        domain.CopyTo(bytes, 0);
        var at = domain.Length;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), chainId);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at + 4), height);
        hash.WriteTo(bytes.AsSpan(at + 12));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(at + 12 + Hash256.Size), nextCandidateOffset);
        return bytes;
    }

    /// <summary>Signs <paramref name="block"/> with <paramref name="validator"/>'s key for <paramref name="network"/>.</summary>
    public static AcceptedBlock Sign(Block block, long nextCandidateOffset, KeyPair validator, NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(network);
        var signature = validator.Sign(SigningBytes(network.ChainId, block.Height, block.Hash, nextCandidateOffset));
        return new AcceptedBlock(block, nextCandidateOffset, validator.PublicKey, signature);
    }

    /// <summary>
    /// The envelope's own rule: signed by a key <paramref name="network"/> pins (<c>unknown-validator</c>) with a signature
    /// that verifies over this chain id, height, hash and offset (<c>bad-validator-signature</c>). The block's consensus
    /// rules are the reader's next check, against its own chain.
    /// </summary>
    public ValidationResult Verify(NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.IsValidatorKey(Validator))
            return ValidationResult.Fail(RejectReason.UnknownValidator, $"signed by {Validator.Address}, not a validator key of network {network.Name}");
        if (!Validator.Verify(SigningBytes(network.ChainId, Height, Hash, NextCandidateOffset), _signature))
            return ValidationResult.Fail(RejectReason.BadValidatorSignature,
                $"the validator signature over block {Height} {Hash} and candidate offset {NextCandidateOffset} does not verify (or is high-S)");
        return ValidationResult.Ok;
    }

    /// <inheritdoc />
    public override string ToString() => $"accepted {Block} next-candidate={NextCandidateOffset} by {Validator.Address}";
}
