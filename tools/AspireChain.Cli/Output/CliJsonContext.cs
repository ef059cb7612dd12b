using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.Cli.Output;

/// <summary>
/// Source-generated JSON of everything <c>aspirechain --json</c> writes: camelCase, nulls left out, and text left
/// readable (an apostrophe stays an apostrophe: the output goes to terminals and programs, never into HTML).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WalletDocument))]
[JsonSerializable(typeof(WalletListDocument))]
[JsonSerializable(typeof(BalanceDocument))]
[JsonSerializable(typeof(TransferDocument))]
[JsonSerializable(typeof(BlockDocument))]
[JsonSerializable(typeof(VerifyDocument))]
[JsonSerializable(typeof(ErrorDocument))]
public sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>One indented document (every command but <c>chain tail</c>).</summary>
    public static CliJsonContext Indented { get; } = new(CreateOptions(indented: true));

    /// <summary>One document per line (JSON lines, <c>chain tail --json</c>).</summary>
    public static CliJsonContext Compact { get; } = new(CreateOptions(indented: false));

    private static JsonSerializerOptions CreateOptions(bool indented) => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = indented,
    };
}
