using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Telemetry;
using AspireChain.EmbeddedKafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Kafka.Tests;

/// <summary>librdkafka statistics become OpenTelemetry metrics: throughput, broker RTT and consumer lag.</summary>
public sealed class StatisticsMetricsTests
{
    [Fact]
    public async Task Statistics_report_produced_and_consumed_messages_broker_rtt_and_lag_that_drops_after_commit()
    {
        var clientName = $"stats-{Guid.NewGuid():N}";
        using var statistics = new KafkaStatisticsMetrics();
        var measured = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == KafkaStatisticsMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == KafkaTelemetryNames.ClientId && tag.Value is string id && id.EndsWith(clientName, StringComparison.Ordinal))
                {
                    measured.AddOrUpdate(instrument.Name, value, (_, sum) => instrument is Counter<long> ? sum + value : value);
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { InitialRebalanceDelay = TimeSpan.Zero });
        var factory = TestClients.For(broker, new Dictionary<string, string?> { ["Kafka:Common:statistics.interval.ms"] = "100" }, statistics);
        using var producer = factory.CreateProducer(clientName);
        for (var i = 0; i < 10; i++)
        {
            await producer.ProduceAsync(Topics.Rejections, new Message<string, byte[]> { Key = $"{i}", Value = [] });
        }

        using var consumer = factory.CreateConsumer("stats", clientName);
        consumer.Subscribe(Topics.Rejections);
        var last = Consuming.Count(consumer, 10)[^1];
        consumer.Commit(last);

        var consumerClientId = factory.CreateConsumerConfig("stats", clientName).ClientId;
        // The lag gauge is observed on demand: record it, then read what it said for this consumer.
        double? LagOf(string clientId)
        {
            measured.TryRemove(KafkaTelemetryNames.ConsumerLag, out _);
            listener.RecordObservableInstruments();
            return measured.TryGetValue(KafkaTelemetryNames.ConsumerLag, out var lag) ? lag : null;
        }

        var deadline = DateTime.UtcNow + Consuming.Deadline;
        while (!(measured.GetValueOrDefault(KafkaTelemetryNames.SentMessages) >= 10
                 && measured.GetValueOrDefault(KafkaTelemetryNames.ConsumedMessages) >= 10
                 && measured.ContainsKey(KafkaTelemetryNames.BrokerRoundTrip)
                 && LagOf(consumerClientId) == 0))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Metrics incomplete: {string.Join(", ", measured.Select(m => $"{m.Key}={m.Value}"))}");
            // Consumer statistics are delivered from its poll loop.
            Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(100)));
        }

        listener.RecordObservableInstruments();
        Assert.Equal(0, measured[KafkaTelemetryNames.ConsumerLag]);
        Assert.True(measured[KafkaTelemetryNames.BrokerRoundTrip] > 0);
        Assert.True(statistics.StatisticsReceived > 0);
        consumer.Close();
    }

    [Fact]
    public void A_client_that_stopped_reporting_is_forgotten_so_its_last_lag_is_not_reported_forever()
    {
        var time = new ManualTime();
        using var statistics = new KafkaStatisticsMetrics(time: time);
        const string Consumer = """
            {"name":"rdkafka#consumer-1","client_id":"miner","type":"consumer","txmsgs":0,"rxmsgs":12,"msg_cnt":0,
             "brokers":{},"topics":{"transactions":{"partitions":{
               "0":{"partition":0,"consumer_lag":4},"1":{"partition":1,"consumer_lag":3},"-1":{"partition":-1,"consumer_lag":99}}}}}
            """;

        var lags = new List<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == KafkaStatisticsMetrics.MeterName && instrument.Name == KafkaTelemetryNames.ConsumerLag)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => lags.Add(value));
        listener.Start();

        statistics.Record(Consumer);
        listener.RecordObservableInstruments();
        Assert.Equal([7L], lags);

        lags.Clear();
        time.Now += TimeSpan.FromSeconds(31);
        listener.RecordObservableInstruments();
        Assert.Empty(lags);
    }

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
