using System.Diagnostics;
using System.Net;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.EmbeddedKafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AspireChain.Kafka.Tests;

/// <summary>A service built with AddServiceDefaults: health endpoints reflect the broker, Kafka clients come from DI.</summary>
public sealed class ServiceDefaultsHostTests
{
    [Fact]
    public async Task Health_is_ready_while_the_broker_answers_and_unhealthy_when_it_is_gone_while_alive_stays_up()
    {
        var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1 });
        try
        {
            await using var app = await StartServiceAsync(broker.BootstrapServers);
            using var http = new HttpClient { BaseAddress = new Uri(Address(app)), Timeout = TimeSpan.FromSeconds(30) };

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

            // The shared producer from DI produces traced messages.
            var producer = app.Services.GetRequiredService<IProducer<string, byte[]>>();
            var delivered = await producer.ProduceTracedAsync(Topics.Rejections, new Rejection(RejectionKinds.Transaction, "ab", null, "bad-nonce", null, "test", DateTimeOffset.UtcNow).ToMessage());
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

            broker.Dispose();
            var deadline = DateTime.UtcNow + Consuming.Deadline;
            while ((await http.GetAsync("/health")).StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.True(DateTime.UtcNow < deadline, "/health never noticed the broker was gone.");
                await Task.Delay(200);
            }

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
            await app.StopAsync();
        }
        finally
        {
            broker.Dispose();
        }
    }

    [Fact]
    public async Task Start_up_provisioning_finds_the_embedded_catalog_complete_and_creates_nothing()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        using var admin = TestClients.For(broker).CreateAdminClient();

        var created = await KafkaTopicProvisioner.EnsureTopicsAsync(admin, [.. TopicCatalog.Create().Select(t => t.ToKafkaTopic())], TimeSpan.FromSeconds(10));

        Assert.Empty(created);
    }

    [Fact]
    public async Task Stopping_the_host_flushes_what_the_shared_producer_still_holds()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1 });
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = broker.BootstrapServers });
        builder.AddKafkaClients();
        using var host = builder.Build();
        await host.StartAsync();
        var producer = host.Services.GetRequiredService<IProducer<string, byte[]>>();
        await producer.ProduceTracedAsync(Topics.Rejections, new Message<string, byte[]> { Key = "warm-up", Value = [] });

        // Slow acknowledgements keep messages in flight when shutdown begins.
        broker.SetBrokerRoundTripTime(1, TimeSpan.FromSeconds(1));
        var acknowledged = 0;
        for (var i = 0; i < 50; i++)
        {
            producer.ProduceTraced(Topics.Rejections, new Message<string, byte[]> { Key = $"{i}", Value = [] }, report =>
            {
                if (!report.Error.IsError) Interlocked.Increment(ref acknowledged);
            });
        }

        Assert.True(Volatile.Read(ref acknowledged) < 50);
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(50, Volatile.Read(ref acknowledged));
    }

    [Fact]
    public async Task Service_defaults_export_our_kafka_spans_and_statistics_metrics()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1 });
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = broker.BootstrapServers,
            ["Kafka:Common:statistics.interval.ms"] = "100",
        });
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        using var host = builder.Build();
        await host.StartAsync();

        var producer = host.Services.GetRequiredService<IProducer<string, byte[]>>();
        // Listeners are process-wide and other tests produce in parallel: this test's span is the one under its own trace.
        using var testTrace = new Activity("service-defaults-export-test").Start();
        testTrace.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        await producer.ProduceTracedAsync(Topics.Rejections, new Message<string, byte[]> { Key = "k", Value = [] });
        testTrace.Stop();
        var meterProvider = host.Services.GetRequiredService<MeterProvider>();
        var deadline = DateTime.UtcNow + Consuming.Deadline;
        while (!metrics.Any(m => m.Name == KafkaTelemetryNames.SentMessages && Sum(m) >= 1))
        {
            Assert.True(DateTime.UtcNow < deadline, "Kafka statistics never reached the meter provider.");
            await Task.Delay(200);
            meterProvider.ForceFlush();
        }

        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var send = Assert.Single(spans, s => s.Source.Name == KafkaTracing.ActivitySourceName && s.TraceId == testTrace.TraceId);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        await host.StopAsync();
    }

    private static long Sum(Metric metric)
    {
        long sum = 0;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            sum += point.GetSumLong();
        }

        return sum;
    }

    private static async Task<WebApplication> StartServiceAsync(string bootstrapServers)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = bootstrapServers,
            ["OTEL_SERVICE_NAME"] = "defaults-test",
        });
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
