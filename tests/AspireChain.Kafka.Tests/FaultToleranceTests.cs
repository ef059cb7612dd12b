using System.Collections.Concurrent;
using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.EmbeddedKafka;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace AspireChain.Kafka.Tests;

/// <summary>One fault at a time, as librdkafka's mock tests do, asserting what was delivered.</summary>
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_broker_down_then_up_loses_nothing_that_was_acknowledged()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker);
        using var producer = factory.CreateProducer();
        var acknowledged = new ConcurrentBag<string>();
        var failed = new ConcurrentBag<string>();

        void Send(string key) => producer.Produce(Topics.Transactions, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(key) }, report =>
        {
            if (report.Error.IsError) failed.Add(key); else acknowledged.Add(key);
        });

        for (var i = 0; i < 100; i++) Send($"before-{i}");
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));

        // The leader of partition 0 (the mock spreads leaders at random) leads at least one of the 8 partitions:
        // produces to its partitions stall while it is down.
        int leader;
        using (var admin = factory.CreateAdminClient())
        {
            leader = admin.GetMetadata(Topics.Transactions, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Single(p => p.PartitionId == 0).Leader;
        }

        broker.SetBrokerDown(leader);
        for (var i = 0; i < 100; i++) Send($"during-{i}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var acknowledgedWhileDown = acknowledged.Count;
        broker.SetBrokerUp(leader);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));

        Assert.Empty(failed);
        Assert.Equal(200, acknowledged.Count);
        output.WriteLine($"{acknowledgedWhileDown - 100} of 100 acknowledged while broker {leader} was down, the rest after it came back");
        Assert.True(acknowledgedWhileDown < 200, $"The outage should have held back the messages for broker {leader}'s partitions.");

        using var consumer = factory.CreateConsumer("audit");
        consumer.Subscribe(Topics.Transactions);
        var received = Consuming.Until(consumer, r => r.Select(m => m.Message.Key).ToHashSet().IsSupersetOf(acknowledged));
        consumer.Close();
        // Idempotence: no retry appended a message twice.
        Assert.Equal(received.Count, received.Select(r => r.Message.Key).Distinct().Count());
    }

    [Fact]
    public async Task Injected_retriable_produce_errors_are_retried_until_acknowledged()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        using var producer = TestClients.For(broker).CreateProducer();
        // Warm up: connect, fetch metadata and the idempotent producer id, so the tracked requests are produce retries only.
        await producer.ProduceAsync(Topics.Candidates, new Message<string, byte[]> { Key = "0", Value = [0] });

        broker.StartRequestTracking();
        broker.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas);
        var delivered = await producer.ProduceAsync(Topics.Candidates, new Message<string, byte[]> { Key = "1", Value = [1] });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.Equal(1, delivered.Offset.Value);
        var produceRequests = broker.CountRequests(KafkaApiKey.Produce);
        output.WriteLine($"{produceRequests} produce requests for one message after 3 injected errors");
        Assert.True(produceRequests >= 4, $"Expected the 3 failed attempts and a successful one, saw {produceRequests} produce requests.");
    }

    [Fact]
    public async Task Moving_a_partition_leader_is_followed_by_producer_and_consumer()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker);
        using var producer = factory.CreateProducer();
        for (var height = 0; height < 5; height++)
        {
            await producer.ProduceAsync(Topics.Blocks, new Message<string, byte[]> { Key = $"{height}", Value = [(byte)height] });
        }

        broker.MovePartitionLeader(Topics.Blocks, 0, 2);
        for (var height = 5; height < 10; height++)
        {
            await producer.ProduceAsync(Topics.Blocks, new Message<string, byte[]> { Key = $"{height}", Value = [(byte)height] });
        }

        broker.MovePartitionLeader(Topics.Blocks, 0, 3);
        using var consumer = factory.CreateConsumer("follower");
        consumer.Subscribe(Topics.Blocks);
        var received = Consuming.Count(consumer, 10);
        consumer.Close();

        // The chain topic's order survives leadership changes.
        Assert.Equal(Enumerable.Range(0, 10).Select(h => $"{h}"), received.Select(r => r.Message.Key));
    }

    [Fact]
    public async Task Added_broker_latency_slows_requests_but_loses_nothing()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1 });
        using var producer = TestClients.For(broker).CreateProducer();
        await producer.ProduceAsync(Topics.Rejections, new Message<string, byte[]> { Key = "warm-up", Value = [] });

        broker.SetBrokerRoundTripTime(1, TimeSpan.FromMilliseconds(300));
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var delivered = await producer.ProduceAsync(Topics.Rejections, new Message<string, byte[]> { Key = "slow", Value = [] });
        timer.Stop();
        broker.SetBrokerRoundTripTime(1, TimeSpan.Zero);

        output.WriteLine($"acknowledgement with 300 ms added RTT took {timer.ElapsedMilliseconds} ms");
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.True(timer.Elapsed >= TimeSpan.FromMilliseconds(250), $"Expected the added latency to show, took {timer.ElapsedMilliseconds} ms.");
    }
}
