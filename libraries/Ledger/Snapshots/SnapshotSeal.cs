using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

/// <summary>
/// What seals a <see cref="SnapshotManifest"/>: one validator's ECDSA P-256 signature (low-S) over the manifest's
/// signing bytes, by a key the network pins. The only part of the manifest that signs and verifies, and the last part of
/// its binary form, so a quorum of validator signatures can replace this type without touching the rest of the layout.
/// </summary>
public sealed class SnapshotSeal
{
    /// <summary>Bytes of the binary form: the validator's uncompressed key, then its signature r ‖ s.</summary>
    public const int Size = PublicKey.Size + Ledger.Signature.Size;

    private readonly byte[] _signature;

    /// <summary>Wraps a key and a signature; nothing is verified here (see <see cref="Verify"/>).</summary>
    public SnapshotSeal(PublicKey validator, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (signature.Length != Ledger.Signature.Size) throw new ArgumentException($"A signature is {Ledger.Signature.Size} bytes.", nameof(signature));
        Validator = validator;
        _signature = signature.ToArray();
    }

    /// <summary>The key that signed (must be one the network pins).</summary>
    public PublicKey Validator { get; }

    /// <summary>64 bytes, r ‖ s, low-S.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Seals <paramref name="signingBytes"/> with <paramref name="validator"/>'s key.</summary>
    public static SnapshotSeal Sign(ReadOnlySpan<byte> signingBytes, KeyPair validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return new SnapshotSeal(validator.PublicKey, validator.Sign(signingBytes));
    }

    /// <summary>Signed by a key <paramref name="network"/> pins (<c>unknown-validator</c>) over exactly <paramref name="signingBytes"/> (<c>bad-validator-signature</c>).</summary>
    public ValidationResult Verify(NetworkParameters network, ReadOnlySpan<byte> signingBytes, string subject)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.IsValidatorKey(Validator))
            return ValidationResult.Fail(RejectReason.UnknownValidator, $"{subject} is signed by {Validator.Address}, not a validator key of network {network.Name}");
        if (!Validator.Verify(signingBytes, _signature))
            return ValidationResult.Fail(RejectReason.BadValidatorSignature, $"the validator signature over {subject} does not verify (or is high-S)");
        return ValidationResult.Ok;
    }

    /// <summary>Writes the binary form (<see cref="Size"/> bytes).</summary>
    public void WriteTo(Span<byte> destination)
    {
        Validator.Bytes.CopyTo(destination);
        _signature.CopyTo(destination[PublicKey.Size..]);
    }

    /// <summary>Reads a seal that is exactly <paramref name="source"/>, without throwing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, [NotNullWhen(true)] out SnapshotSeal? seal, out ValidationResult error)
    {
        seal = null;
        if (source.Length != Size)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"a seal is {Size} bytes, not {source.Length}");
            return false;
        }
        if (!PublicKey.TryRead(source[..PublicKey.Size], out var key))
        {
            error = ValidationResult.Fail(RejectReason.BadPublicKey, "the validator key is not a P-256 point");
            return false;
        }
        seal = new SnapshotSeal(key, source[PublicKey.Size..]);
        error = ValidationResult.Ok;
        return true;
    }
}
