using Aspire.Hosting.ApplicationModel;
using AspireChain.Testing.Aspire;
using Xunit.Abstractions;

namespace AspireChain.Cli.Tests.Distributed;

/// <summary>
/// The load generator as an Aspire resource: it waits until someone presses Start in the dashboard, then finds ingest
/// and ChainQuery through the service-discovery variables its references give it, runs its default load and exits 0.
/// </summary>
[Collection(CliSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class LoadGeneratorResourceTests(CliSystemFixture system, ITestOutputHelper output)
{
    private const string LoadGenerator = "loadgen";

    [Fact]
    public async Task Started_from_the_dashboard_the_load_generator_finds_the_services_and_confirms_every_transfer()
    {
        var resources = system.Run.Resources;
        Assert.True(ResourceMonitor.AwaitsExplicitStart(Find(resources)), $"loadgen is {resources.State(LoadGenerator)} before anyone started it");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await resources.ExecuteCommandAsync(LoadGenerator, KnownResourceCommands.StartCommand, timeout.Token);
        var finished = await resources.WaitForAsync(LoadGenerator, s => s.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state), timeout.Token);

        var lines = resources.ConsoleLogs(LoadGenerator).Select(l => l.Content).ToList();
        output.WriteLine(string.Join('\n', lines));
        Assert.Equal(0, finished.ExitCode);
        Assert.Contains(lines, l => l.Contains($":{system.Ingest.Port}/ (from services__ingest__http__0)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("network test", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("confirmed", StringComparison.Ordinal) && l.Trim().EndsWith("300", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("lost", StringComparison.Ordinal) && l.Trim().EndsWith(" 0", StringComparison.Ordinal));
    }

    private static ResourceEvent Find(ResourceMonitor resources) =>
        resources.All().Single(e => e.Resource.Name == LoadGenerator);
}
