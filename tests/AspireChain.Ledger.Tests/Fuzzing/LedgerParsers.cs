using System.Text;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>Every parser of topic records, request bodies and their parts that lives in the Ledger.</summary>
internal static class LedgerParsers
{
    public static LedgerParser TransactionJson { get; } = new("transaction-json", input =>
    {
        if (!Transaction.TryParseJson(input, out var transaction, out var error)) return error;
        RoundTrip.Transaction(transaction);
        return error;
    });

    public static LedgerParser BlockJson { get; } = new("block-json", input =>
    {
        if (!Block.TryParseJson(input, out var block, out var error)) return error;
        RoundTrip.Block(block);
        return error;
    });

    public static LedgerParser AcceptedBlockJson { get; } = new("accepted-block-json", input =>
    {
        if (!AcceptedBlock.TryParseJson(input, out var accepted, out var error)) return error;
        RoundTrip.AcceptedBlock(accepted);
        // Verifying is the next step of every reader: it must give a typed result for whatever parsed, never throw.
        var signed = accepted.Verify(NetworkParameters.Test);
        Assert.True(signed.IsValid || !string.IsNullOrEmpty(signed.Detail));
        return error;
    });

    public static LedgerParser TransactionBinary { get; } = new("transaction-binary", input =>
    {
        if (!Transaction.TryRead(input, out var transaction, out var error)) return error;
        Assert.Equal(input, transaction.ToBytes());
        RoundTrip.Transaction(transaction);
        return error;
    });

    public static LedgerParser BlockBinary { get; } = new("block-binary", input =>
    {
        if (!Block.TryRead(input, out var block, out var error)) return error;
        Assert.Equal(input, block.ToBytes());
        RoundTrip.Block(block);
        return error;
    });

    public static LedgerParser TransactionWire { get; } = new("transaction-wire", input =>
    {
        if (!Transaction.TryReadWire(input, out var transaction, out var error)) return error;
        Assert.Equal(input, transaction.ToWire());
        RoundTrip.Transaction(transaction);
        return error;
    });

    public static LedgerParser BlockWire { get; } = new("block-wire", input =>
    {
        if (!Block.TryReadWire(input, out var block, out var error)) return error;
        Assert.Equal(input, block.ToWire());
        RoundTrip.Block(block);
        return error;
    });

    public static LedgerParser AcceptedBlockWire { get; } = new("accepted-block-wire", input =>
    {
        if (!AcceptedBlock.TryReadWire(input, out var accepted, out var error)) return error;
        Assert.Equal(input, accepted.ToWire());
        RoundTrip.AcceptedBlock(accepted);
        var signed = accepted.Verify(NetworkParameters.Test);
        Assert.True(signed.IsValid || !string.IsNullOrEmpty(signed.Detail));
        return error;
    });

    public static LedgerParser BlockHeaderBinary { get; } = new("block-header-binary", input =>
    {
        if (!BlockHeader.TryRead(input, out var header, out var error)) return error;
        Assert.Equal(input, header.ToBytes());
        return error;
    });

    public static LedgerParser Hash256Hex { get; } = new("hash256-hex", input =>
    {
        var text = Encoding.UTF8.GetString(input);
        if (!Hash256.TryParse(text, out var hash)) return NotParsed("not 64 hex digits");
        Assert.Equal(text.ToLowerInvariant(), hash.ToString());
        return ValidationResult.Ok;
    });

    public static LedgerParser AddressHex { get; } = new("address-hex", input =>
    {
        var text = Encoding.UTF8.GetString(input);
        if (!Address.TryParse(text, out var address)) return NotParsed("not 40 hex digits");
        Assert.Equal(text.ToLowerInvariant(), address.ToString());
        return ValidationResult.Ok;
    });

    public static LedgerParser PublicKeyHex { get; } = new("public-key-hex", input =>
    {
        var text = Encoding.UTF8.GetString(input);
        if (!PublicKey.TryParse(text, out var key)) return NotParsed("not 130 hex digits of an uncompressed point");
        Assert.Equal(text.ToLowerInvariant(), key.ToString());
        return ValidationResult.Ok;
    });

    public static LedgerParser PublicKeyBinary { get; } = new("public-key-binary", input =>
    {
        if (!PublicKey.TryRead(input, out var key)) return NotParsed("not a 65-byte uncompressed point encoding");
        Assert.Equal(input, key.Bytes.ToArray());
        // Whether the point is on the curve is only learnt when verifying: that must not throw either.
        key.Verify(input, input.AsSpan(1, Signature.Size));
        return ValidationResult.Ok;
    });

    public static LedgerParser TargetBits { get; } = new("target-bits", input =>
    {
        if (input.Length != 4) return NotParsed("compact bits are 4 bytes");
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(input);
        if (!Target.TryFromBits(bits, out var target)) return ValidationResult.Fail(RejectReason.BadTarget, "not canonical");
        Assert.Equal(bits, target.Bits);
        return ValidationResult.Ok;
    });

    /// <summary>All of them: every fuzz input and every corpus file goes through each.</summary>
    public static IReadOnlyList<LedgerParser> All { get; } =
        [TransactionJson, BlockJson, AcceptedBlockJson, TransactionBinary, BlockBinary, TransactionWire, BlockWire, AcceptedBlockWire, BlockHeaderBinary, Hash256Hex, AddressHex, PublicKeyHex, PublicKeyBinary, TargetBits];

    /// <summary>Runs <paramref name="input"/> through <paramref name="parser"/>: any exception fails with the input shown, any refusal must be typed.</summary>
    public static ValidationResult AssertTotal(LedgerParser parser, byte[] input)
    {
        ValidationResult result;
        try
        {
            result = parser.Parse(input);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{parser.Name} threw {e.GetType().Name} ({e.Message}) on {Show(input)}", e);
        }
        if (!result.IsValid)
        {
            Assert.True(Enum.IsDefined(result.Reason), $"{parser.Name}: undefined reason {(int)result.Reason}");
            Assert.False(string.IsNullOrEmpty(result.Detail), $"{parser.Name}: {result.Code} without a detail");
            Assert.NotNull(result.ToString());
        }
        return result;
    }

    /// <summary>Runs <paramref name="input"/> through every parser.</summary>
    public static void AssertTotal(byte[] input)
    {
        foreach (var parser in All) AssertTotal(parser, input);
    }

    /// <summary>A readable, bounded rendering of an input for failure messages (paste it into the corpus).</summary>
    public static string Show(byte[] input)
    {
        const int Max = 400;
        var head = input.AsSpan(0, Math.Min(input.Length, Max));
        var text = Encoding.UTF8.GetString(head);
        var printable = text.All(c => !char.IsControl(c) && c != '\uFFFD');
        var shown = printable ? $"text '{text}'" : $"hex {Convert.ToHexStringLower(head)}";
        return input.Length > Max ? $"{input.Length} bytes, first {Max} as {shown}" : $"{input.Length} bytes as {shown}";
    }

    private static ValidationResult NotParsed(string detail) => ValidationResult.Fail(RejectReason.Malformed, detail);
}
