using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace AspireChain.Ledger;

public sealed partial class Block
{
    /// <summary>Largest accepted JSON form of a block, in bytes (a full block of maximum-size transaction JSON).</summary>
    public const int MaxJsonBytes = 16 * 1024 * 1024;

    /// <summary>The JSON wire form as a document (for composing API responses).</summary>
    public BlockJson ToJsonDocument() => new()
    {
        Hash = Hash.ToString(),
        Header = new BlockHeaderJson
        {
            Version = Header.Version,
            Height = Header.Height,
            PreviousHash = Header.PreviousHash.ToString(),
            MerkleRoot = Header.MerkleRoot.ToString(),
            StateRoot = Header.StateRoot.ToString(),
            Timestamp = Header.Timestamp,
            Target = Header.Target.ToString(),
            Miner = Header.Miner.ToString(),
            Nonce = Header.Nonce,
        },
        Transactions = Transactions.Select(t => t.ToJsonDocument()).ToArray(),
    };

    /// <summary>The JSON wire form as UTF-8 bytes (a Kafka message value).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(ToJsonDocument(), LedgerJsonContext.Default.BlockJson);

    /// <summary>Strictly parses the UTF-8 JSON wire form; nothing about consensus is checked here.</summary>
    public static bool TryParseJson(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out Block? block, out ValidationResult error)
    {
        block = null;
        return StrictJson.TryRead(utf8Json, MaxJsonBytes, LedgerJsonContext.Default.BlockJson, out var document, out error)
            && TryFromJsonDocument(document, out block, out error);
    }

    /// <summary>Parses the UTF-8 JSON wire form or throws <see cref="LedgerFormatException"/> with the reason.</summary>
    public static Block ParseJson(ReadOnlySpan<byte> utf8Json) =>
        TryParseJson(utf8Json, out var block, out var error) ? block : throw new LedgerFormatException(error);

    /// <summary>Converts a wire document, checking every field's format (a null anywhere is malformed) and a stated hash.</summary>
    public static bool TryFromJsonDocument(BlockJson? document, [NotNullWhen(true)] out Block? block, out ValidationResult error)
    {
        block = null;
        error = JsonFormShape.Check(document);
        if (!error.IsValid) return false;
        var h = document!.Header;
        if (!Hash256.TryParse(h.PreviousHash, out var previous)) return Fail("'previousHash' is not 64 hex digits", out error);
        if (!Hash256.TryParse(h.MerkleRoot, out var merkleRoot)) return Fail("'merkleRoot' is not 64 hex digits", out error);
        if (!Hash256.TryParse(h.StateRoot, out var stateRoot)) return Fail("'stateRoot' is not 64 hex digits", out error);
        if (!Address.TryParse(h.Miner, out var miner)) return Fail("'miner' is not a 40-digit hex address", out error);
        if (h.Target.Length != 8 || !uint.TryParse(h.Target, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
            return Fail("'target' is not 8 hex digits", out error);
        if (!Target.TryFromBits(bits, out var target))
        {
            error = ValidationResult.Fail(RejectReason.BadTarget, $"0x{bits:x8} is not a canonical compact target");
            return false;
        }
        var transactions = new Transaction[document.Transactions.Count];
        for (var i = 0; i < transactions.Length; i++)
        {
            if (!Transaction.TryFromJsonDocument(document.Transactions[i], out var tx, out error))
            {
                error = error with { Detail = $"transaction {i}: {error.Detail}" };
                return false;
            }
            transactions[i] = tx;
        }
        block = new Block(new BlockHeader(h.Version, h.Height, previous, merkleRoot, stateRoot, h.Timestamp, target, miner, h.Nonce), transactions);
        if (document.Hash is not null && (!Hash256.TryParse(document.Hash, out var stated) || stated != block.Hash))
        {
            block = null;
            error = ValidationResult.Fail(RejectReason.BadBlockHash, "stated hash does not match the header");
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
