using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AspireChain.Ledger;

/// <summary>The one size-checked, exception-free read of a wire document, shared by every JSON form.</summary>
internal static class StrictJson
{
    /// <summary>Longest detail taken from a reader message: enough for the path and position, never a whole hostile document.</summary>
    public const int MaxDetailLength = 512;

    /// <summary>The start of <paramref name="text"/>, marked when cut, for quoting untrusted text in a reason.</summary>
    public static string Excerpt(string text, int maxLength = 32) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "…");

    /// <summary>Reads <paramref name="utf8Json"/> as <typeparamref name="T"/>; oversize, malformed and null become reasons.</summary>
    public static bool TryRead<T>(ReadOnlySpan<byte> utf8Json, int maxBytes, JsonTypeInfo<T> typeInfo, [NotNullWhen(true)] out T? document, out ValidationResult error)
        where T : class
    {
        document = null;
        if (utf8Json.Length > maxBytes)
        {
            error = ValidationResult.Fail(RejectReason.Oversize, $"{utf8Json.Length} bytes, limit {maxBytes}");
            return false;
        }
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException e)
        {
            // The message can quote the input (an unknown property name): bounded so a reason always fits a rejection record.
            error = ValidationResult.Fail(RejectReason.Malformed, Excerpt(e.Message, MaxDetailLength));
            return false;
        }
        if (document is null)
        {
            error = ValidationResult.Fail(RejectReason.Malformed, "null");
            return false;
        }
        error = ValidationResult.Ok;
        return true;
    }
}
