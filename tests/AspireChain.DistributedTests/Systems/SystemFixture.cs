using Aspire.Hosting.Testing;
using AspireChain.DistributedTests.Infrastructure;

namespace AspireChain.DistributedTests.Systems;

/// <summary>Starts one whole system for a test collection and stops it (processes, broker, data) when the collection is done.</summary>
public abstract class SystemFixture : IAsyncLifetime
{
    private ChainSystem? _system;

    internal ChainSystem System => _system ?? throw new InvalidOperationException("The system has not started.");

    /// <summary>AppHost arguments on top of the test network (e.g. <c>--Miners=3</c>).</summary>
    protected abstract IEnumerable<string> Arguments { get; }

    /// <summary>Changes to the app model before it is built.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    public virtual async Task InitializeAsync() => _system = await ChainSystem.StartAsync(Arguments, Configure);

    public virtual async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}
