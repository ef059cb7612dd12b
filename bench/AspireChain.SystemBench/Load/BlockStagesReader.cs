using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AspireChain.SystemBench.Report;

namespace AspireChain.SystemBench.Load;

/// <summary>
/// Reads ChainQuery's <c>/blocks/lifecycle</c> for the run's blocks and summarises where a block's time went, stage by
/// stage: its earliest transfer submitted → mined (queued at the miner, cut, proof of work), mined → validated,
/// validated → committed on <c>blocks</c>, committed → applied by ChainQuery (when its transfers read as confirmed).
/// </summary>
public sealed class BlockStagesReader(HttpClient chainQuery)
{
    private const int PageSize = 100;

    /// <summary>The stages of the blocks above <paramref name="fromHeight"/> up to <paramref name="toHeight"/>, or null when ChainQuery does not answer.</summary>
    public async Task<BlockStages?> ReadAsync(long fromHeight, long toHeight, CancellationToken cancellationToken)
    {
        var blocks = new List<LifecycleView>();
        try
        {
            for (var before = toHeight; before > fromHeight;)
            {
                var page = await chainQuery.GetFromJsonAsync(
                    new Uri(string.Create(CultureInfo.InvariantCulture, $"/blocks/lifecycle?limit={PageSize}&before={before}"), UriKind.Relative),
                    BlockStagesJsonContext.Default.IReadOnlyListLifecycleView,
                    cancellationToken);
                if (page is not { Count: > 0 }) break;
                blocks.AddRange(page.Where(b => b.Height > fromHeight));
                before = page[^1].Height - 1;
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            return null;
        }

        return new BlockStages(
            blocks.Count,
            Stage(blocks.Select(b => b.MinedAtMs - b.FirstSubmittedAtMs)),
            Stage(blocks.Select(b => b.MinedToValidatedMs)),
            Stage(blocks.Select(b => b.ValidatedToCommittedMs)),
            Stage(blocks.Select(b => b.CommittedToAppliedMs)),
            [.. blocks.OrderBy(b => b.Height)]);
    }

    private static LatencySummary Stage(IEnumerable<long?> milliseconds) =>
        LatencySummary.Of(milliseconds.Where(m => m is not null).Select(m => (double)Math.Max(0, m!.Value)));
}

/// <summary>The part of one <c>/blocks/lifecycle</c> entry the bench reads (ms; null when ChainQuery did not see it).</summary>
public sealed record LifecycleView(
    long Height,
    int TransactionCount,
    long? FirstSubmittedAtMs,
    long? MinedAtMs,
    long? MinedToValidatedMs,
    long? ValidatedToCommittedMs,
    long? CommittedToAppliedMs);

/// <summary>Source-generated JSON for <see cref="LifecycleView"/> pages.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<LifecycleView>))]
public sealed partial class BlockStagesJsonContext : JsonSerializerContext;
