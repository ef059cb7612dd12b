using Confluent.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>Test-side consume loops with deadlines: consumer-group joins on the mock take seconds, so tests poll conditions, never sleep.</summary>
internal static class Consuming
{
    /// <summary>Generous bound for anything involving a group join on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Consumes until <paramref name="done"/> holds for what was received, or fails at the deadline.</summary>
    public static List<ConsumeResult<string, byte[]>> Until(
        IConsumer<string, byte[]> consumer,
        Func<IReadOnlyList<ConsumeResult<string, byte[]>>, bool> done,
        TimeSpan? deadline = null)
    {
        var received = new List<ConsumeResult<string, byte[]>>();
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (!done(received))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Condition not met within {deadline ?? Deadline}; received {received.Count} message(s).");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                received.Add(result);
            }
        }

        return received;
    }

    /// <summary>Consumes until <paramref name="count"/> messages arrived.</summary>
    public static List<ConsumeResult<string, byte[]>> Count(IConsumer<string, byte[]> consumer, int count, TimeSpan? deadline = null) =>
        Until(consumer, r => r.Count >= count, deadline);
}
