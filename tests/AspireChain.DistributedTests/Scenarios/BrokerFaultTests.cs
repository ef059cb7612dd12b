using AspireChain.Contracts.Kafka;
using AspireChain.DistributedTests.Infrastructure;
using AspireChain.DistributedTests.Systems;
using AspireChain.EmbeddedKafka;
using AspireChain.Hosting;
using AspireChain.Ledger;
using AspireChain.Testing;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace AspireChain.DistributedTests.Scenarios;

/// <summary>
/// Scenario 5: the embedded broker misbehaves under the running system, one fault at a time (as librdkafka's own mock
/// tests do). Whatever Kafka does, every acknowledged transaction is confirmed exactly once and the chain stays sound.
/// </summary>
[Collection(BrokerFaultSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class BrokerFaultTests(BrokerFaultSystemFixture fixture, ITestOutputHelper output)
{
    private const int TransactionsBroker = 1;
    private const int ChainBroker = 2;

    [Fact]
    public async Task A_broker_down_and_back_up_loses_nothing_acknowledged()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var wallets = await PrepareAsync(cts.Token);
        // What "Take broker 1 down" in the dashboard does.
        await fixture.System.Resources.ExecuteCommandAsync("kafka", KafkaBrokerCommands.Down(TransactionsBroker), cts.Token);
        var submitting = SubmitRoundsAsync(wallets, 2, cts.Token);
        try
        {
            // The outage itself is the injected fault: it lasts this long whatever the clients do meanwhile.
            await Task.Delay(TimeSpan.FromSeconds(3), cts.Token);
        }
        finally
        {
            await fixture.System.Resources.ExecuteCommandAsync("kafka", KafkaBrokerCommands.Up(TransactionsBroker), CancellationToken.None);
        }

        var (submitted, retries) = await submitting;
        await AssertConfirmedExactlyOnceAsync(wallets, submitted, cts.Token);
        output.WriteLine($"broker {TransactionsBroker} down 3 s: {submitted.Count} transfers, {retries} submissions retried after 503/unavailable");
    }

    [Fact]
    public async Task Moving_partition_leaders_under_load_loses_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var wallets = await PrepareAsync(cts.Token);
        var broker = fixture.System.Broker;
        var submitting = SubmitRoundsAsync(wallets, 3, cts.Token);
        for (var partition = 0; partition < Topics.DefaultTransactionsPartitions; partition++)
        {
            broker.MovePartitionLeader(Topics.Transactions, partition, 3);
        }

        foreach (var topic in (string[])[Topics.Candidates, Topics.Blocks, Topics.Rejections])
        {
            broker.MovePartitionLeader(topic, 0, 3);
        }

        var (submitted, retries) = await submitting;
        await AssertConfirmedExactlyOnceAsync(wallets, submitted, cts.Token);
        output.WriteLine($"every leader moved to broker 3 under load: {submitted.Count} transfers, {retries} retried");
    }

    [Fact]
    public async Task Retriable_produce_errors_are_retried_and_nothing_is_lost_or_doubled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var wallets = await PrepareAsync(cts.Token);
        var broker = fixture.System.Broker;
        ErrorCode[] errors = [ErrorCode.NotEnoughReplicas, ErrorCode.LeaderNotAvailable, ErrorCode.NotLeaderForPartition, ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicasAfterAppend];
        broker.StartRequestTracking();
        broker.PushRequestErrors(KafkaApiKey.Produce, errors);
        int produceRequests;
        (IReadOnlyList<Transaction> Submitted, int Retries) result;
        try
        {
            result = await SubmitRoundsAsync(wallets, 2, cts.Token);
            await AssertConfirmedExactlyOnceAsync(wallets, result.Submitted, cts.Token);
            produceRequests = broker.CountRequests(KafkaApiKey.Produce);
        }
        finally
        {
            broker.StopRequestTracking();
            broker.ClearRequestErrors(KafkaApiKey.Produce);
        }

        // Each injected error failed one real Produce request, which the client then repeated.
        Assert.True(produceRequests > errors.Length, $"{produceRequests} produce requests for {errors.Length} injected errors");
        output.WriteLine($"{errors.Length} retriable produce errors: {produceRequests} produce requests, {result.Submitted.Count} transfers, {result.Retries} retried by the client");
    }

    [Fact]
    public async Task A_delayed_produce_response_causes_a_retry_and_a_duplicate_append_that_is_applied_once()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var wallets = await PrepareAsync(cts.Token);
        var system = fixture.System;
        var before = await TopicReader.CountAppendedAsync(system.BootstrapServers, Topics.Transactions, cts.Token);

        // Answers slower than ingest's 5 s delivery timeout, for longer than it: the broker appends on receipt, the answer
        // comes too late, ingest answers 503 and the client submits the same transaction again.
        system.Broker.SetBrokerRoundTripTime(TransactionsBroker, TimeSpan.FromSeconds(7));
        var round = wallets.Select((w, i) => w.Transfer(wallets[(i + 1) % wallets.Count].Address, 10)).ToList();
        var submitting = system.Client.SubmitAllAsync(round, cts.Token);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(8), cts.Token);
        }
        finally
        {
            system.Broker.SetBrokerRoundTripTime(TransactionsBroker, TimeSpan.Zero);
        }

        var retries = await submitting;
        await AssertConfirmedExactlyOnceAsync(wallets, round, cts.Token);
        var appended = (await TopicReader.ReadAllAsync(system.BootstrapServers, Topics.Transactions, cts.Token))
            .Select(r => Transaction.ParseWire(r.Value).Id).Where(id => round.Any(t => t.Id == id)).ToList();
        var duplicates = appended.Count - appended.Distinct().Count();
        output.WriteLine($"rtt 7 s for 8 s: {retries} client retries, {appended.Count} records for {round.Count} transfers ({duplicates} duplicates), topic grew by {await TopicReader.CountAppendedAsync(system.BootstrapServers, Topics.Transactions, cts.Token) - before}");
        Assert.True(retries > 0, "the delayed answers caused no retry");
        Assert.True(duplicates > 0, "the retries appended no duplicate (the fault did not happen)");
    }

    /// <summary>Puts the transactions partitions on one broker and the chain's topics on another, then funds fresh wallets.</summary>
    private async Task<IReadOnlyList<Wallet>> PrepareAsync(CancellationToken cancellationToken)
    {
        var broker = fixture.System.Broker;
        for (var partition = 0; partition < Topics.DefaultTransactionsPartitions; partition++)
        {
            broker.MovePartitionLeader(Topics.Transactions, partition, TransactionsBroker);
        }

        foreach (var topic in (string[])[Topics.Candidates, Topics.Blocks, Topics.Rejections])
        {
            broker.MovePartitionLeader(topic, 0, ChainBroker);
        }

        return await fixture.System.Faucet.CreateFundedWalletsAsync(10, 100_000, cancellationToken);
    }

    private async Task<(IReadOnlyList<Transaction> Submitted, int Retries)> SubmitRoundsAsync(IReadOnlyList<Wallet> wallets, int rounds, CancellationToken cancellationToken)
    {
        var submitted = new List<Transaction>();
        var retries = 0;
        for (var round = 0; round < rounds; round++)
        {
            var transfers = wallets.Select((w, i) => w.Transfer(wallets[(i + 1) % wallets.Count].Address, 10)).ToList();
            retries += await fixture.System.Client.SubmitAllAsync(transfers, cancellationToken);
            submitted.AddRange(transfers);
        }

        return (submitted, retries);
    }

    private async Task AssertConfirmedExactlyOnceAsync(IReadOnlyList<Wallet> wallets, IReadOnlyList<Transaction> submitted, CancellationToken cancellationToken)
    {
        var system = fixture.System;
        await system.Client.Query.WaitForNoncesAsync(wallets, cancellationToken);
        await system.Client.WaitUntilConfirmedAsync(submitted.Select(t => t.Id), cancellationToken);
        var audit = await system.AuditAsync(cancellationToken);
        audit.AssertSound();
        Assert.All(submitted, t => Assert.Single(audit.TransactionHeights[t.Id]));
        await ChainSystem.AssertChainQueryAgreesAsync(system.Client.Query, audit, [.. wallets.Select(w => w.Address), system.Faucet.Address, .. audit.Miners], cancellationToken);
        wallets.ToList().ForEach(w => w.Dispose());
    }
}
