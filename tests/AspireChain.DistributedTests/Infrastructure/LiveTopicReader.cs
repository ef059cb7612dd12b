using System.Collections.Concurrent;
using Confluent.Kafka;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// Reads every partition of a topic from its end at the time of the start onward, as records arrive: how a test sees
/// more records than the embedded broker keeps (about 5 MiB a partition, the oldest evicted) without missing any.
/// </summary>
internal sealed class LiveTopicReader : IDisposable
{
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LiveTopicReader(string bootstrapServers, string topic)
    {
        _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"test-live-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        _consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, _consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High)));
        _loop = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    /// <summary>Every value read so far.</summary>
    public ConcurrentQueue<byte[]> Values { get; } = new();

    /// <summary>Starts reading <paramref name="topic"/> from its current end.</summary>
    public static LiveTopicReader Start(string bootstrapServers, string topic) => new(bootstrapServers, topic);

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Read()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message.Value: { } value })
                {
                    Values.Enqueue(value);
                }
            }
            catch (ConsumeException)
            {
                // A record the reader fell behind on: the test counts what it saw and says so if short.
            }
        }
    }
}
