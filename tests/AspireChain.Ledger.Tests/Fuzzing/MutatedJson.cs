using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>A well-formed document, up to three field mutations, then one byte-level mutation of the encoding.</summary>
internal sealed record MutatedJson(byte[] Original, JsonMutation[] Mutations, ByteMutationKind Bytes, int BytesVariant)
{
    public static Gen<MutatedJson> From(Gen<byte[]> documents) =>
        Gen.Select(documents, JsonMutation.Any.Array[1, 3], Gen.Frequency((6, Gen.Const(ByteMutationKind.None)), (1, Gen.Enum<ByteMutationKind>())), Gen.Int[0, 100_000],
            (original, mutations, bytes, variant) => new MutatedJson(original, mutations, bytes, variant));

    public byte[] Encode()
    {
        JsonNode? root = JsonNode.Parse(Original)!;
        foreach (var mutation in Mutations)
        {
            if (root is null) break;
            root = mutation.ApplyTo(root);
        }
        var text = root?.ToJsonString() ?? "null";
        // The marker is escaped on encoding: rename it to the property it duplicates.
        text = text.Replace("\"\\u0001dup:", "\"", StringComparison.Ordinal);
        text = Regex.Replace(text, "\"\\\\u0001deep:([0-9]+)\"", m => JsonMutation.Nested(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        var bytes = Encoding.UTF8.GetBytes(text);
        return Bytes switch
        {
            ByteMutationKind.Truncate => bytes[..(BytesVariant % (bytes.Length + 1))],
            ByteMutationKind.TrailingGarbage => [.. bytes, .. Garbage[BytesVariant % Garbage.Length]],
            ByteMutationKind.InvalidUtf8 => Insert(bytes, BytesVariant % (bytes.Length + 1), InvalidUtf8[BytesVariant % InvalidUtf8.Length]),
            ByteMutationKind.Empty => [],
            _ => bytes,
        };
    }

    private static readonly byte[][] Garbage = [[(byte)'x'], [(byte)'}'], "{}"u8.ToArray(), " ,"u8.ToArray(), [0], "\n\n"u8.ToArray(), [0xEF, 0xBB, 0xBF], "/*c*/"u8.ToArray(), "null"u8.ToArray()];

    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]];

    private static byte[] Insert(byte[] bytes, int at, byte[] inserted) => [.. bytes.AsSpan(0, at), .. inserted, .. bytes.AsSpan(at)];

    public override string ToString() => $"{string.Join(", ", Mutations)} then {Bytes}({BytesVariant}): {LedgerParsers.Show(Encode())}";
}
