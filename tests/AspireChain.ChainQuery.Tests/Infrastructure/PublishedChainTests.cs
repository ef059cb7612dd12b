using AspireChain.EmbeddedKafka;

namespace AspireChain.ChainQuery.Tests.Infrastructure;

/// <summary>
/// What each ChainQuery test class against the broker starts from: an embedded broker, a data directory, a real chain
/// built with the Ledger's rules, and a publisher playing the Validator and the miners onto the topics.
/// </summary>
public abstract class PublishedChainTests : IDisposable
{
    private protected readonly EmbeddedKafkaBroker _broker = TestNetwork.StartBroker();
    private protected readonly string _dataDirectory;
    private protected readonly TestChain _chain = new();
    private protected readonly ChainPublisher _publisher;

    /// <summary>Creates the data directory (named after <paramref name="directoryPrefix"/>) and the publisher.</summary>
    protected PublishedChainTests(string directoryPrefix)
    {
        _dataDirectory = Directory.CreateTempSubdirectory(directoryPrefix).FullName;
        _publisher = new ChainPublisher(_broker.BootstrapServers);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the publisher, then the broker, and removes the data directory.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        _publisher.Dispose();
        _chain.Dispose();
        _broker.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
