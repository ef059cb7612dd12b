using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace AspireChain.Ledger;

public sealed partial class Transaction
{
    /// <summary>Largest accepted JSON form of one transaction, in bytes.</summary>
    public const int MaxJsonBytes = 4_096;

    private const string TransferKind = "transfer";
    private const string CoinbaseKind = "coinbase";

    /// <summary>The JSON wire form as a document (for composing API responses).</summary>
    public TransactionJson ToJsonDocument() => new()
    {
        Id = Id.ToString(),
        Kind = IsCoinbase ? CoinbaseKind : TransferKind,
        ChainId = ChainId,
        From = Sender?.ToString(),
        To = Recipient.ToString(),
        Amount = Amount,
        Fee = Fee,
        Nonce = Nonce,
        Timestamp = Timestamp,
        Signature = IsCoinbase ? null : Convert.ToHexStringLower(_signature),
    };

    /// <summary>The JSON wire form as UTF-8 bytes (a Kafka message value).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(ToJsonDocument(), LedgerJsonContext.Default.TransactionJson);

    /// <summary>Strictly parses the UTF-8 JSON wire form; on failure the reason says why. The signature is not verified here.</summary>
    public static bool TryParseJson(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out Transaction? transaction, out ValidationResult error)
    {
        transaction = null;
        return StrictJson.TryRead(utf8Json, MaxJsonBytes, LedgerJsonContext.Default.TransactionJson, out var document, out error)
            && TryFromJsonDocument(document, out transaction, out error);
    }

    /// <summary>Parses the UTF-8 JSON wire form or throws <see cref="LedgerFormatException"/> with the reason.</summary>
    public static Transaction ParseJson(ReadOnlySpan<byte> utf8Json) =>
        TryParseJson(utf8Json, out var transaction, out var error) ? transaction : throw new LedgerFormatException(error);

    /// <summary>Converts a wire document, checking every field's format (a null required field is malformed) and a stated id.</summary>
    public static bool TryFromJsonDocument(TransactionJson? document, [NotNullWhen(true)] out Transaction? transaction, out ValidationResult error)
    {
        transaction = null;
        error = JsonFormShape.Check(document);
        if (!error.IsValid) return false;
        var kind = document!.Kind switch
        {
            null or TransferKind => TransactionKind.Transfer,
            CoinbaseKind => TransactionKind.Coinbase,
            _ => (TransactionKind?)null,
        };
        if (kind is null) return Fail($"unknown kind '{StrictJson.Excerpt(document.Kind!)}'", out error);
        if (!Address.TryParse(document.To, out var recipient)) return Fail("'to' is not a 40-digit hex address", out error);

        PublicKey? sender = null;
        Span<byte> signature = stackalloc byte[Ledger.Signature.Size];
        signature.Clear();
        if (kind == TransactionKind.Transfer)
        {
            if (!PublicKey.TryParse(document.From, out sender))
            {
                error = ValidationResult.Fail(RejectReason.BadPublicKey, "'from' is not a 130-digit hex uncompressed P-256 key");
                return false;
            }
            if (document.Signature is not { Length: Ledger.Signature.Size * 2 } hex
                || Convert.FromHexString(hex, signature, out _, out var written) != System.Buffers.OperationStatus.Done
                || written != Ledger.Signature.Size)
                return Fail("'signature' is not 128 hex digits", out error);
        }
        else if (document.From is not null || document.Signature is not null || document.Fee != 0)
        {
            return Fail("a coinbase has no 'from', no 'signature' and no fee", out error);
        }

        transaction = new Transaction(kind.Value, document.ChainId, sender, recipient, document.Amount, document.Fee, document.Nonce, document.Timestamp, signature.ToArray());
        if (document.Id is not null && (!Hash256.TryParse(document.Id, out var stated) || stated != transaction.Id))
        {
            transaction = null;
            error = ValidationResult.Fail(RejectReason.BadTxId, "stated id does not match the content");
            return false;
        }
        error = ValidationResult.Ok;
        return true;
    }

    private static bool Fail(string detail, out ValidationResult error)
    {
        error = ValidationResult.Fail(RejectReason.Malformed, detail);
        return false;
    }
}
