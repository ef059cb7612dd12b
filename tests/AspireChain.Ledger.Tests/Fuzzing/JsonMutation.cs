using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>One field-level mutation: <see cref="Kind"/> applied at the <see cref="Target"/>-th node, <see cref="Variant"/> picking the replacement.</summary>
internal readonly record struct JsonMutation(JsonMutationKind Kind, int Target, int Variant)
{
    public static Gen<JsonMutation> Any { get; } =
        Gen.Select(Gen.Enum<JsonMutationKind>(), Gen.Int[0, 1_000], Gen.Int[0, 1_000], (kind, target, variant) => new JsonMutation(kind, target, variant));

    private static readonly string[] WrongTypes = ["\"x\"", "\"\"", "\"123\"", "true", "false", "{}", "[]", "1.5", "0", "\"null\"", "[null]", "{\"a\":null}"];

    private static readonly string[] HugeNumbers =
    [
        "18446744073709551616", // 2^64
        "18446744073709551615", // 2^64 - 1: fits a ulong, not a long or a uint
        "9223372036854775808", // 2^63
        "4294967296", // 2^32
        "340282366920938463463374607431768211456", // 2^128
        "1e400",
        "1e19",
        "1E2",
        "100000000000000000000000000000000000000000000000000000000000000000000000000000000",
    ];

    private static readonly string[] NegativeNumbers = ["-1", "-0", "-9223372036854775808", "-9223372036854775809", "-18446744073709551616", "-1e3", "-0.0"];

    private static readonly string[] NonHex = ["g", "G", " ", "\u00e9", "\u0000", "\u00ff", "\uD83D\uDE00", "-", "x"];

    /// <summary>Applies the mutation in place; the document may change shape (the root is returned).</summary>
    public JsonNode? ApplyTo(JsonNode root)
    {
        var slots = Slots(root);
        var (parent, key, index) = slots[Target % slots.Count];
        var current = parent is null ? root : key is not null ? parent.AsObject()[key] : parent.AsArray()[index];
        JsonNode? Replace(JsonNode? value)
        {
            if (parent is null) return value;
            if (key is not null) parent.AsObject()[key] = value;
            else parent.AsArray()[index] = value;
            return root;
        }

        switch (Kind)
        {
            case JsonMutationKind.NullValue:
                return Replace(null);
            case JsonMutationKind.WrongType:
                return Replace(JsonNode.Parse(WrongTypes[Variant % WrongTypes.Length]));
            case JsonMutationKind.HugeNumber:
                return Replace(JsonNode.Parse(HugeNumbers[Variant % HugeNumbers.Length]));
            case JsonMutationKind.NegativeNumber:
                return Replace(JsonNode.Parse(NegativeNumbers[Variant % NegativeNumbers.Length]));
            case JsonMutationKind.DeepNesting:
                // Marked here, expanded in the encoded text (JsonNode itself refuses to write past 64 levels).
                return Replace(JsonValue.Create(DeepMarker + Variant.ToString(CultureInfo.InvariantCulture)));
            case JsonMutationKind.RemoveProperty:
                if (parent is JsonObject owner && key is not null) owner.Remove(key);
                return root;
            case JsonMutationKind.ExtraProperty:
                if ((current ?? parent) is JsonObject target) target[Variant % 3 == 0 ? "memo" : $"extra{Variant}"] = Variant;
                return root;
            case JsonMutationKind.DuplicateProperty:
                // Marked here, renamed to a real duplicate in the encoded text (a JsonObject cannot hold one).
                if (parent is JsonObject dupOwner && key is not null) dupOwner[DuplicateMarker + key] = JsonNode.Parse(WrongTypes[Variant % WrongTypes.Length]);
                return root;
            case JsonMutationKind.HexLength:
                if (current is JsonValue lengthValue && lengthValue.TryGetValue<string>(out var text))
                    return Replace(Variant % 3 == 0 ? text[..^Math.Min(text.Length, 1 + Variant % 4)] : Variant % 3 == 1 ? text + "0" : text + text);
                return root;
            case JsonMutationKind.NonHexCharacter:
                if (current is JsonValue hexValue && hexValue.TryGetValue<string>(out var hex) && hex.Length > 0)
                {
                    var at = Variant % hex.Length;
                    return Replace(hex[..at] + NonHex[Variant % NonHex.Length] + hex[(at + 1)..]);
                }
                return root;
            case JsonMutationKind.NullElement:
            case JsonMutationKind.WrongElement:
                var array = FindArray(root, Target);
                if (array is not null)
                {
                    var element = Kind == JsonMutationKind.NullElement ? null : JsonNode.Parse(WrongTypes[Variant % WrongTypes.Length]);
                    array.Insert(Variant % (array.Count + 1), element);
                }
                return root;
            default:
                return root;
        }
    }

    /// <summary>Marks a property to become a duplicate once encoded.</summary>
    public const string DuplicateMarker = "\u0001dup:";

    /// <summary>Marks a value to become deeply nested arrays or objects once encoded.</summary>
    public const string DeepMarker = "\u0001deep:";

    /// <summary>Nested arrays or objects, from just inside the parsers' depth limit to far beyond it.</summary>
    public static string Nested(int variant)
    {
        int[] depths = [7, 8, 9, 64, 65, 1_000];
        var depth = depths[variant % depths.Length];
        return variant % 2 == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    private static JsonArray? FindArray(JsonNode root, int pick)
    {
        var arrays = Slots(root).Select(s => s.Parent is null ? root : s.Key is not null ? s.Parent.AsObject()[s.Key] : s.Parent.AsArray()[s.Index])
            .OfType<JsonArray>().ToList();
        return arrays.Count == 0 ? null : arrays[pick % arrays.Count];
    }

    /// <summary>Every place a value sits: the root, every property, every array element.</summary>
    private static List<(JsonNode? Parent, string? Key, int Index)> Slots(JsonNode root)
    {
        var slots = new List<(JsonNode?, string?, int)> { (null, null, -1) };
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o.ToList())
                    {
                        slots.Add((o, name, -1));
                        Walk(child);
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        slots.Add((a, null, i));
                        Walk(a[i]);
                    }
                    break;
            }
        }
        Walk(root);
        return slots;
    }
}
