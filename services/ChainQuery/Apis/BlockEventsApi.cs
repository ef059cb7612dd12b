using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AspireChain.ChainQuery.Live;
using AspireChain.ChainQuery.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AspireChain.ChainQuery.Apis;

/// <summary>
/// A live stream of applied blocks as server-sent events: first a <c>tip</c> event (the current tip, so a client
/// knows where it stands at once), then one <c>block</c> event per applied block, event id = height.
/// </summary>
public static class BlockEventsApi
{
    /// <summary>The SSE event type of a newly applied block.</summary>
    public const string BlockEvent = "block";

    /// <summary>The SSE event type of the opening event carrying the current tip.</summary>
    public const string TipEvent = "tip";

    /// <summary>Maps <c>/events/blocks</c>.</summary>
    public static IEndpointRouteBuilder MapBlockEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events/blocks", StreamBlocks).WithName("StreamBlocks")
            .WithSummary("Server-sent events, one per applied block; Last-Event-ID (a height) replays what was missed.")
            .WithDescription("First a `tip` event with the current tip, then one `block` event per applied block; each event's data is a block summary as JSON and its id the height.")
            .WithTags("Blocks");
        return app;
    }

    /// <summary>Streams blocks as they are applied; a reconnecting client's <c>Last-Event-ID</c> first replays the blocks after it.</summary>
    public static ServerSentEventsResult<string> StreamBlocks(HttpContext context, LiveBlockStream feed, ReadModelQueries queries, CancellationToken cancellationToken)
    {
        long? lastSeen = long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        // Subscribe before reading the store so a block applied in between is not lost; the height filter drops overlap.
        var subscription = feed.Subscribe();
        context.Response.RegisterForDispose(subscription);
        return TypedResults.ServerSentEvents(Events(subscription, queries, lastSeen, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(
        LiveBlockSubscription subscription, ReadModelQueries queries, long? lastSeen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            var tip = queries.BlocksAfter(queries.TipHeight() - 1, 1);
            var highest = tip.Count > 0 ? tip[0].Height : -1;
            if (tip.Count > 0)
            {
                yield return ToEvent(tip[0], TipEvent);
            }

            if (lastSeen is { } after)
            {
                foreach (var block in queries.BlocksAfter(after, 1000))
                {
                    highest = Math.Max(highest, block.Height);
                    yield return ToEvent(block, BlockEvent);
                }
            }

            while (await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (subscription.Reader.TryRead(out var block))
                {
                    if (block.Height > highest)
                    {
                        highest = block.Height;
                        yield return ToEvent(block, BlockEvent);
                    }
                }
            }
        }
    }

    private static SseItem<string> ToEvent(BlockSummary block, string eventType) =>
        new(JsonSerializer.Serialize(block, ChainQueryJsonContext.Default.BlockSummary), eventType)
        {
            EventId = block.Height.ToString(CultureInfo.InvariantCulture),
        };
}
