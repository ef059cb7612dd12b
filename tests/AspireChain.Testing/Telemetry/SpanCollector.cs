using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspireChain.Testing.Telemetry;

/// <summary>
/// An OTLP/gRPC trace endpoint a test hosts on a free loopback port: point the services' exporters at
/// <see cref="Endpoint"/> and assert on what arrives in <see cref="Spans"/>.
/// </summary>
public sealed class SpanCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SpanCollector(WebApplication app, Uri endpoint, SpanStore spans)
    {
        _app = app;
        Endpoint = endpoint;
        Spans = spans;
    }

    /// <summary>The OTLP/gRPC endpoint (<c>http://127.0.0.1:port</c>, HTTP/2 without TLS).</summary>
    public Uri Endpoint { get; }

    /// <summary>What was received.</summary>
    public SpanStore Spans { get; }

    /// <summary>Starts listening.</summary>
    public static async Task<SpanCollector> StartAsync(CancellationToken cancellationToken = default)
    {
        var spans = new SpanStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 64 * 1024 * 1024);
        builder.Services.AddSingleton(spans);
        var app = builder.Build();
        app.MapGrpcService<OtlpTraceReceiver>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SpanCollector(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), spans);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
