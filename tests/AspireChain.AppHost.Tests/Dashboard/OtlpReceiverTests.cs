using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>The real OpenTelemetry .NET OTLP exporter, over gRPC and over HTTP/protobuf, lands spans, logs and metrics in the dashboard's store.</summary>
public sealed class OtlpReceiverTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Exported_spans_logs_and_metrics_are_queryable(OtlpExportProtocol protocol)
    {
        await using var dashboard = await DashboardTestHost.StartAsync();
        var endpoint = protocol == OtlpExportProtocol.Grpc ? dashboard.Host.OtlpGrpcEndpoint : dashboard.Host.OtlpHttpEndpoint;
        var telemetry = dashboard.Host.Telemetry;

        string traceId, parentId, childId, linkedTraceId;
        using (var service = new ExportingService("otlp-probe", "otlp-probe-7", endpoint, protocol))
        {
            var counter = service.Meter.CreateCounter<long>("probe.requests");
            var histogram = service.Meter.CreateHistogram<double>("probe.latency", "ms");
            service.Meter.CreateObservableGauge("probe.queue_length", () => 42L);

            Activity.Current = null;
            using (var linked = service.Source.StartActivity("linked-root", ActivityKind.Internal, default(ActivityContext)))
            {
                linkedTraceId = linked!.TraceId.ToHexString();
            }

            Activity.Current = null;
            using (var parent = service.Source.StartActivity("probe.parent", ActivityKind.Server, default(ActivityContext))!)
            {
                parent.SetTag("probe.int", 7).SetTag("probe.bool", true).SetTag("probe.text", "hello");
                traceId = parent.TraceId.ToHexString();
                parentId = parent.SpanId.ToHexString();
                service.Logger.LogWarning("Probe saw {Count} items", 3);
                var link = new ActivityLink(new ActivityContext(ActivityTraceId.CreateFromString(linkedTraceId), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded));
                using var child = service.Source.StartActivity("probe.child", ActivityKind.Producer, parent.Context, links: [link])!;
                child.AddEvent(new ActivityEvent("retried"));
                child.SetStatus(ActivityStatusCode.Error, "broker down");
                childId = child.SpanId.ToHexString();
            }

            counter.Add(5);
            counter.Add(2);
            histogram.Record(12.5);
            Assert.True(service.Flush(), "the OTLP exporter reported a failed export");
        }

        var arrived = await telemetry.WaitForAsync(
            store => store.GetTrace(traceId).Count == 2
                && store.GetLogs("otlp-probe").Count >= 1
                && store.GetMetricNames().Contains("probe.requests")
                && store.GetMetricNames().Contains("probe.latency")
                && store.GetMetricNames().Contains("probe.queue_length"),
            TimeSpan.FromSeconds(20));
        Assert.True(arrived, $"telemetry did not arrive: {telemetry.SpanCount} spans, {telemetry.LogCount} logs, metrics [{string.Join(", ", telemetry.GetMetricNames())}]");

        var spans = telemetry.GetTrace(traceId);
        var parentSpan = Assert.Single(spans, span => span.Name == "probe.parent");
        var childSpan = Assert.Single(spans, span => span.Name == "probe.child");
        Assert.Equal(parentId, parentSpan.SpanId);
        Assert.Null(parentSpan.ParentSpanId);
        Assert.Equal(parentId, childSpan.ParentSpanId);
        Assert.Equal(childId, childSpan.SpanId);
        Assert.Equal("otlp-probe", parentSpan.ServiceName);
        Assert.Equal("otlp-probe-7", parentSpan.ServiceInstanceId);
        Assert.Equal("server", parentSpan.Kind);
        Assert.Equal("producer", childSpan.Kind);
        Assert.Equal("7", parentSpan.Attributes["probe.int"]);
        Assert.Equal("true", parentSpan.Attributes["probe.bool"]);
        Assert.Equal("hello", parentSpan.Attributes["probe.text"]);
        Assert.Equal("error", childSpan.Status);
        Assert.Equal("broker down", childSpan.StatusMessage);
        Assert.Equal(linkedTraceId, Assert.Single(childSpan.Links).TraceId);
        Assert.Equal("retried", Assert.Single(childSpan.Events).Name);
        Assert.True(parentSpan.End >= childSpan.End && parentSpan.Start <= childSpan.Start);

        var log = Assert.Single(telemetry.GetLogs("otlp-probe"));
        Assert.Equal("Probe saw 3 items", log.Message);
        Assert.Equal(13, log.SeverityNumber);
        Assert.Equal(traceId, log.TraceId);
        Assert.Equal(parentId, log.SpanId);
        Assert.Equal("3", log.Attributes["Count"]);

        // Flush exports once and disposal exports the final collection again: cumulative points repeat the totals.
        var requests = telemetry.GetMetricPoints("probe.requests");
        Assert.NotEmpty(requests);
        Assert.All(requests, point => Assert.Equal(("sum", true, true, 7d, "otlp-probe-7"), (point.Kind, point.IsMonotonic, point.IsCumulative, point.Value, point.ServiceInstanceId)));
        var latency = telemetry.GetMetricPoints("probe.latency");
        Assert.NotEmpty(latency);
        Assert.All(latency, point => Assert.Equal(("histogram", 1UL, 12.5, "ms"), (point.Kind, point.Count!.Value, point.Value, point.Unit)));
        var queue = telemetry.GetMetricPoints("probe.queue_length");
        Assert.NotEmpty(queue);
        Assert.All(queue, point => Assert.Equal(("gauge", 42d), (point.Kind, point.Value)));

        var summary = Assert.Single(telemetry.GetTraces("otlp-probe"), trace => trace.TraceId == traceId);
        Assert.Equal(("probe.parent", 2, true), (summary.RootName, summary.SpanCount, summary.HasError));
    }

    [Fact]
    public async Task Otlp_http_rejects_a_body_that_is_not_protobuf()
    {
        await using var dashboard = await DashboardTestHost.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(dashboard.Host.OtlpHttpEndpoint), Timeout = TimeSpan.FromSeconds(30) };

        using var json = await client.PostAsync("/v1/traces", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var garbage = await client.PostAsync("/v1/traces", new ByteArrayContent([0xFF, 0xFF, 0xFF]) { Headers = { ContentType = new("application/x-protobuf") } });

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(0, dashboard.Host.Telemetry.SpanCount);
    }
}
