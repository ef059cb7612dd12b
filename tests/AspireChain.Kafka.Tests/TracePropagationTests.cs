using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Telemetry;
using AspireChain.EmbeddedKafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using OpenTelemetry;

namespace AspireChain.Kafka.Tests;

/// <summary>A trace started before produce continues after consume: same trace id, the process span parented on the send span.</summary>
public sealed class TracePropagationTests : IDisposable
{
    private static readonly ActivitySource Test = new(ChainSources.Prefix + "tests.trace");
    private readonly ConcurrentBag<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public TracePropagationTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith(ChainSources.Prefix, StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task A_trace_started_before_produce_continues_after_consume()
    {
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker);
        using var producer = factory.CreateProducer();

        ActivityTraceId traceId;
        using (var request = Test.StartActivity("POST /transactions"))
        {
            Assert.NotNull(request);
            traceId = request.TraceId;
            Baggage.SetBaggage("tx.id", "abc123");
            await producer.ProduceTracedAsync(Topics.Transactions, new Message<string, byte[]> { Key = "sender", Value = "{}"u8.ToArray() });
            Baggage.ClearBaggage();
        }

        var send = Assert.Single(_stopped, a => a.TraceId == traceId && a.Kind == ActivityKind.Producer);
        Assert.Equal($"send {Topics.Transactions}", send.DisplayName);
        Assert.Equal("kafka", send.GetTagItem("messaging.system"));
        Assert.Equal(Topics.Transactions, send.GetTagItem("messaging.destination.name"));
        Assert.Equal("send", send.GetTagItem("messaging.operation.type"));
        Assert.Equal(0L, send.GetTagItem("messaging.kafka.offset"));
        Assert.NotNull(send.GetTagItem("messaging.destination.partition.id"));

        using var consumer = factory.CreateConsumer("tracing");
        consumer.Subscribe(Topics.Transactions);
        var consumed = Assert.Single(Consuming.Count(consumer, 1));
        consumer.Close();

        var carried = KafkaTracing.ExtractActivityContext(consumed.Message.Headers);
        Assert.Equal((send.TraceId, send.SpanId), (carried.TraceId, carried.SpanId));
        Assert.Null(Activity.Current);
        using (var process = KafkaTracing.StartProcessActivity(consumed, "tracing"))
        {
            Assert.NotNull(process);
            Assert.Equal(ActivityKind.Consumer, process.Kind);
            Assert.Equal(traceId, process.TraceId);
            Assert.Equal(send.SpanId, process.ParentSpanId);
            Assert.Equal($"process {Topics.Transactions}", process.DisplayName);
            Assert.Equal("process", process.GetTagItem("messaging.operation.type"));
            Assert.Equal("tracing", process.GetTagItem("messaging.consumer.group.name"));
            Assert.Equal("abc123", Baggage.GetBaggage("tx.id"));
        }
    }

    [Fact]
    public async Task A_fire_and_forget_produce_ends_its_span_at_delivery_and_restores_the_callers_activity()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        using var producer = TestClients.For(broker).CreateProducer();
        var delivered = new TaskCompletionSource<DeliveryReport<string, byte[]>>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var caller = Test.StartActivity("mine");
        Assert.NotNull(caller);
        var message = new Message<string, byte[]> { Key = "7", Value = Encoding.UTF8.GetBytes("block") };
        producer.ProduceTraced(Topics.Candidates, message, delivered.SetResult);
        Assert.Same(caller, Activity.Current);

        var report = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(report.Error.IsError);
        var traceParent = Encoding.UTF8.GetString(message.Headers.GetLastBytes(KafkaHeaderNames.TraceParent));
        var send = Assert.Single(_stopped, a => a.TraceId == caller.TraceId && a.Kind == ActivityKind.Producer);
        Assert.Equal(caller.SpanId, send.ParentSpanId);
        Assert.Equal($"00-{send.TraceId}-{send.SpanId}-01", traceParent);
        Assert.Equal(report.Offset.Value, send.GetTagItem("messaging.kafka.offset"));
    }

    [Fact]
    public void A_message_without_trace_headers_starts_a_new_root_trace()
    {
        var result = new ConsumeResult<string, byte[]>
        {
            Topic = Topics.Blocks,
            Partition = 0,
            Offset = 3,
            Message = new Message<string, byte[]> { Key = "3", Value = [], Headers = [] },
        };

        Assert.Equal(default, KafkaTracing.ExtractActivityContext(result.Message.Headers));
        using var process = KafkaTracing.StartProcessActivity(result);
        Assert.NotNull(process);
        Assert.Equal(default, process.ParentSpanId);
    }
}
