using AspireChain.Contracts.Kafka;
using Xunit.Abstractions;
using System.Text;
using AspireChain.EmbeddedKafka;
using Confluent.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>The consumer-group lesson the system is built on: one group queues (splits partitions), another group broadcasts.</summary>
public sealed class ConsumerGroupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_consumers_in_one_group_split_the_partitions_while_a_second_group_gets_everything()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker);
        using var minerA = factory.CreateConsumer(ConsumerGroups.Miners, "a");
        using var minerB = factory.CreateConsumer(ConsumerGroups.Miners, "b");
        using var reader = factory.CreateConsumer("chainquery");
        minerA.Subscribe(Topics.Transactions);
        minerB.Subscribe(Topics.Transactions);
        reader.Subscribe(Topics.Transactions);

        // Produce only once the group is stable, so no message is read before a rebalance moves its partition.
        var joined = System.Diagnostics.Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + Consuming.Deadline;
        while (!(minerA.Assignment.Count > 0 && minerB.Assignment.Count > 0 && minerA.Assignment.Count + minerB.Assignment.Count == Topics.DefaultTransactionsPartitions))
        {
            Assert.True(DateTime.UtcNow < deadline, "The miners group never split the partitions.");
            Assert.Null(minerA.Consume(TimeSpan.FromMilliseconds(100)));
            Assert.Null(minerB.Consume(TimeSpan.FromMilliseconds(100)));
        }

        output.WriteLine($"two members joined and split 8 partitions in {joined.ElapsedMilliseconds} ms");
        Assert.Empty(minerA.Assignment.Intersect(minerB.Assignment));

        using var producer = factory.CreateProducer();
        var keys = Enumerable.Range(0, 40).Select(i => $"sender-{i}").ToList();
        foreach (var key in keys)
        {
            await producer.ProduceAsync(Topics.Transactions, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(key) });
        }

        var byA = new List<ConsumeResult<string, byte[]>>();
        var byB = new List<ConsumeResult<string, byte[]>>();
        deadline = DateTime.UtcNow + Consuming.Deadline;
        while (byA.Count + byB.Count < keys.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {byA.Count + byB.Count} of {keys.Count} messages reached the miners group.");
            if (minerA.Consume(TimeSpan.FromMilliseconds(100)) is { } a) byA.Add(a);
            if (minerB.Consume(TimeSpan.FromMilliseconds(100)) is { } b) byB.Add(b);
        }

        var everything = Consuming.Count(reader, keys.Count);

        // Queue: each message went to exactly one miner, from a partition that miner owns.
        Assert.Equal(keys.Order(), byA.Concat(byB).Select(r => r.Message.Key).Order());
        Assert.NotEmpty(byA);
        Assert.NotEmpty(byB);
        Assert.All(byA, r => Assert.Contains(r.TopicPartition, minerA.Assignment));
        Assert.All(byB, r => Assert.Contains(r.TopicPartition, minerB.Assignment));
        // Broadcast: the other group saw all of them.
        Assert.Equal(keys.Order(), everything.Select(r => r.Message.Key).Order());

        minerA.Close();
        minerB.Close();
        reader.Close();
    }

    [Fact]
    public void When_a_member_leaves_its_partitions_move_to_the_remaining_member()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker);
        using var stays = factory.CreateConsumer(ConsumerGroups.Miners, "stays");
        var leaves = factory.CreateConsumer(ConsumerGroups.Miners, "leaves");
        stays.Subscribe(Topics.Transactions);
        leaves.Subscribe(Topics.Transactions);

        var deadline = DateTime.UtcNow + Consuming.Deadline;
        while (!(stays.Assignment.Count > 0 && leaves.Assignment.Count > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "The group never split.");
            stays.Consume(TimeSpan.FromMilliseconds(100));
            leaves.Consume(TimeSpan.FromMilliseconds(100));
        }

        // A clean Close sends LeaveGroup; a crash would wait for session.timeout.ms (6 s) instead.
        var rebalance = System.Diagnostics.Stopwatch.StartNew();
        leaves.Close();
        leaves.Dispose();
        while (stays.Assignment.Count < Topics.DefaultTransactionsPartitions)
        {
            Assert.True(DateTime.UtcNow < deadline, "The remaining member never took over.");
            stays.Consume(TimeSpan.FromMilliseconds(100));
        }

        output.WriteLine($"remaining member owned all partitions {rebalance.ElapsedMilliseconds} ms after the other left");
        stays.Close();
    }

    [Fact]
    public void A_restarted_member_rejoins_its_group_and_resumes_after_the_committed_offset()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker);
        using var producer = factory.CreateProducer();
        for (var height = 0; height < 4; height++)
        {
            producer.Produce(Topics.Blocks, new Message<string, byte[]> { Key = $"{height}", Value = [(byte)height] });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));

        using (var first = factory.CreateConsumer(ConsumerGroups.Validators))
        {
            first.Subscribe(Topics.Blocks);
            var read = Consuming.Count(first, 2);
            first.Commit(read[1]);
            first.Close();
        }

        var rejoin = System.Diagnostics.Stopwatch.StartNew();
        using var restarted = factory.CreateConsumer(ConsumerGroups.Validators);
        restarted.Subscribe(Topics.Blocks);
        var next = Consuming.Count(restarted, 1)[0];
        output.WriteLine($"a restarted member got its first message {rejoin.ElapsedMilliseconds} ms after subscribing");

        Assert.Equal("2", next.Message.Key);
        restarted.Close();
    }
}
