using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.SystemBench.Load;

/// <summary>Reads one block's transaction ids from ChainQuery's <c>/blocks/{height}</c>.</summary>
public sealed class BlockReader(HttpClient chainQuery)
{
    /// <summary>The block at <paramref name="height"/>, or null when ChainQuery does not have it (yet).</summary>
    public async Task<BlockTransfersView?> ReadAsync(long height, CancellationToken cancellationToken)
    {
        using var response = await chainQuery.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"/blocks/{height}"), UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(BlockReaderJsonContext.Default.BlockTransfersView, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The part of ChainQuery's block answer the bench reads.</summary>
public sealed record BlockTransfersView(long Height, long TimestampMs, IReadOnlyList<BlockTransactionView> Transactions);

/// <summary>One transaction of a block: its id and whether it is the coinbase.</summary>
public sealed record BlockTransactionView(string Id, bool IsCoinbase);

/// <summary>Source-generated JSON for <see cref="BlockTransfersView"/> (web defaults, as ChainQuery writes).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BlockTransfersView))]
public sealed partial class BlockReaderJsonContext : JsonSerializerContext;
