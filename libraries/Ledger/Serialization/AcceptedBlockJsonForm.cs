using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace AspireChain.Ledger;

public sealed partial class AcceptedBlock
{
    /// <summary>Largest accepted JSON form, in bytes: a largest block plus the envelope's few fields.</summary>
    public const int MaxJsonBytes = Block.MaxJsonBytes + 1_024;

    /// <summary>The JSON wire form as a document.</summary>
    public AcceptedBlockJson ToJsonDocument() => new()
    {
        Block = Block.ToJsonDocument(),
        NextCandidateOffset = NextCandidateOffset,
        Validator = Validator.ToString(),
        Signature = Convert.ToHexStringLower(_signature),
    };

    /// <summary>The JSON wire form as UTF-8 bytes (a <c>blocks</c> record value).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(ToJsonDocument(), LedgerJsonContext.Default.AcceptedBlockJson);

    /// <summary>Strictly parses the UTF-8 JSON wire form, never throwing; neither the signature nor any consensus rule is checked here.</summary>
    public static bool TryParseJson(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out AcceptedBlock? accepted, out ValidationResult error)
    {
        accepted = null;
        return StrictJson.TryRead(utf8Json, MaxJsonBytes, LedgerJsonContext.Default.AcceptedBlockJson, out var document, out error)
            && TryFromJsonDocument(document, out accepted, out error);
    }

    /// <summary>Parses the UTF-8 JSON wire form or throws <see cref="LedgerFormatException"/> with the reason.</summary>
    public static AcceptedBlock ParseJson(ReadOnlySpan<byte> utf8Json) =>
        TryParseJson(utf8Json, out var accepted, out var error) ? accepted : throw new LedgerFormatException(error);

    /// <summary>Converts a wire document, checking every field's format (a null anywhere is malformed).</summary>
    public static bool TryFromJsonDocument(AcceptedBlockJson? document, [NotNullWhen(true)] out AcceptedBlock? accepted, out ValidationResult error)
    {
        accepted = null;
        error = JsonFormShape.Check(document);
        if (!error.IsValid) return false;
        if (!Ledger.Block.TryFromJsonDocument(document!.Block, out var block, out error))
        {
            error = error with { Detail = $"block: {error.Detail}" };
            return false;
        }
        if (document.NextCandidateOffset < 0)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, $"'nextCandidateOffset' {document.NextCandidateOffset} is negative");
            return false;
        }
        if (!PublicKey.TryParse(document.Validator, out var validator))
        {
            error = ValidationResult.Fail(RejectReason.BadPublicKey, "'validator' is not a 130-digit hex uncompressed P-256 key");
            return false;
        }
        Span<byte> signature = stackalloc byte[Ledger.Signature.Size];
        if (document.Signature.Length != Ledger.Signature.Size * 2
            || Convert.FromHexString(document.Signature, signature, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != Ledger.Signature.Size)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, "'signature' is not 128 hex digits");
            return false;
        }
        accepted = new AcceptedBlock(block, document.NextCandidateOffset, validator, signature);
        error = ValidationResult.Ok;
        return true;
    }
}
