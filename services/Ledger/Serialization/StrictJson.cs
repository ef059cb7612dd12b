using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AspireChain.Ledger;

/// <summary>The one size-checked, exception-free read of a wire document, shared by every JSON form.</summary>
internal static class StrictJson
{
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
            error = ValidationResult.Fail(RejectReason.Malformed, e.Message);
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
