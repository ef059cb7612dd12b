using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>Redeliveries happen (restart before commit, a producer retry that appended twice): the filter recognises them by content.</summary>
public sealed class DeduplicationTests
{
    [Fact]
    public async Task A_message_read_again_after_a_restart_without_commit_is_recognised_as_a_duplicate()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker);
        using var producer = factory.CreateProducer();
        var ids = Enumerable.Range(0, 5).Select(i => $"tx-{i}").ToList();
        foreach (var id in ids)
        {
            await producer.ProduceAsync(Topics.Transactions, new Message<string, byte[]> { Key = "sender", Value = Encoding.UTF8.GetBytes(id) });
        }

        // The same content published again, as a retried produce or a resubmitting client would.
        await producer.ProduceAsync(Topics.Transactions, new Message<string, byte[]> { Key = "sender", Value = Encoding.UTF8.GetBytes("tx-2") });

        var filter = new DuplicateDeliveryFilter<string>(capacity: 100);
        var processed = new List<string>();

        void Process(ConsumeResult<string, byte[]> result)
        {
            var contentId = Encoding.UTF8.GetString(result.Message.Value);
            if (filter.TryAccept(contentId))
            {
                processed.Add(contentId);
            }
        }

        using (var crashed = factory.CreateConsumer(ConsumerGroups.Miners))
        {
            crashed.Subscribe(Topics.Transactions);
            Consuming.Count(crashed, 6).ForEach(Process);
            // No commit: the restarted member reads everything again.
            crashed.Close();
        }

        using var restarted = factory.CreateConsumer(ConsumerGroups.Miners);
        restarted.Subscribe(Topics.Transactions);
        var redelivered = Consuming.Count(restarted, 6);
        redelivered.ForEach(Process);
        restarted.Close();

        Assert.Equal(ids, processed);
        Assert.Equal(7, filter.DuplicatesSeen);
        Assert.All(redelivered, r => Assert.False(filter.TryAccept(Encoding.UTF8.GetString(r.Message.Value))));
    }

    [Fact]
    public void The_window_is_bounded_and_forgets_the_oldest_first()
    {
        var filter = new DuplicateDeliveryFilter<int>(capacity: 3);

        Assert.True(filter.TryAccept(1));
        Assert.True(filter.TryAccept(2));
        Assert.True(filter.TryAccept(3));
        Assert.False(filter.TryAccept(1));
        Assert.True(filter.TryAccept(4));

        Assert.Equal(3, filter.Count);
        Assert.False(filter.Contains(1));
        Assert.True(filter.Contains(4));
        Assert.True(filter.TryAccept(1));
        Assert.Equal(1, filter.DuplicatesSeen);
    }

    [Fact]
    public void Concurrent_deliveries_of_the_same_id_are_accepted_exactly_once()
    {
        var filter = new DuplicateDeliveryFilter<int>(capacity: 10_000);
        var accepted = 0;

        Parallel.For(0, 8, _ =>
        {
            for (var id = 0; id < 1000; id++)
            {
                if (filter.TryAccept(id))
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        });

        Assert.Equal(1000, accepted);
        Assert.Equal(7000, filter.DuplicatesSeen);
    }
}
