using AspireChain.AppHost.Dashboard;
using AspireChain.AppHost.Dashboard.Resources;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>The dashboard listed as a resource of its own, so the page and the console show where it listens.</summary>
internal sealed class DashboardRuntime(DashboardHost host, StateChangeSignal changes) : ResourceRuntime("dashboard", "Dashboard", null, changes)
{
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    public DashboardHost Host { get; } = host;

    public override ResourceSnapshot Snapshot() => new(
        Name, ResourceType, null, State.ToString(), 0, Environment.ProcessId, _startedAt, null,
        [Host.UiUrl, Host.OtlpGrpcEndpoint, Host.OtlpHttpEndpoint],
        new Dictionary<string, string> { ["OTLP/gRPC"] = Host.OtlpGrpcEndpoint, ["OTLP/HTTP"] = Host.OtlpHttpEndpoint });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        SetState(ResourceState.Running);
        return Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        SetState(ResourceState.Stopped);
    }
}
