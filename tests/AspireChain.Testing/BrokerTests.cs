using AspireChain.EmbeddedKafka;
using Xunit;

namespace AspireChain.Testing;

/// <summary>
/// What a service's component test class starts each test from: its own embedded broker (<see cref="TestNetwork"/>),
/// a scratch directory for the services' stores, and a writer playing the other services on the topics.
/// </summary>
public abstract class BrokerTests : IAsyncLifetime
{
#pragma warning disable CA1051, SA1401 // The derived test classes use these as their own fields: the tests read as they always did.
    /// <summary>Where the hosted services keep their stores; removed after the test.</summary>
    protected readonly TempDirectory _data = new();

    /// <summary>The test's broker, started before each test.</summary>
    protected EmbeddedKafkaBroker _broker = null!;

    /// <summary>Writes transactions and candidates as TransactionIngest and the miners would.</summary>
    protected KafkaWriter _writer = null!;
#pragma warning restore CA1051, SA1401

    /// <summary>Starts the broker and the writer.</summary>
    public virtual Task InitializeAsync()
    {
        _broker = TestNetwork.StartBroker();
        _writer = new KafkaWriter(_broker.BootstrapServers);
        return Task.CompletedTask;
    }

    /// <summary>Stops the writer and the broker and removes the scratch directory.</summary>
    public virtual Task DisposeAsync()
    {
        _writer.Dispose();
        _broker.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }
}
