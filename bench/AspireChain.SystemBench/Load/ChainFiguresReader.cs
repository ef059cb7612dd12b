using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.SystemBench.Load;

/// <summary>Reads ChainQuery's <c>/stats</c> with the figures the bench compares before and after a run (stale and rejected candidates, hash rate).</summary>
public sealed class ChainFiguresReader(HttpClient chainQuery)
{
    /// <summary>The current figures, or null when ChainQuery does not answer with them.</summary>
    public async Task<ChainFiguresView?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await chainQuery.GetFromJsonAsync(new Uri("/stats", UriKind.Relative), ChainFiguresJsonContext.Default.ChainFiguresView, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>The part of ChainQuery's <c>/stats</c> the bench reads.</summary>
public sealed record ChainFiguresView(long Height, long TransactionCount, long RejectedTransactions, double AverageBlockSeconds, double HashRate, long StaleBlocks, long RejectedBlocks);

/// <summary>Source-generated JSON for <see cref="ChainFiguresView"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChainFiguresView))]
public sealed partial class ChainFiguresJsonContext : JsonSerializerContext;
