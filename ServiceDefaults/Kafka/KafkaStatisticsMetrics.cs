using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;

namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>
/// Turns librdkafka's periodic statistics JSON (<c>statistics.interval.ms</c>) into OpenTelemetry metrics:
/// messages produced/consumed, consumer lag, queued messages and broker round-trip time.
/// </summary>
public sealed class KafkaStatisticsMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = KafkaTelemetryNames.Source;

    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private readonly Meter _meter;
    private readonly Counter<long> _produced;
    private readonly Counter<long> _consumed;
    private readonly Histogram<double> _brokerRtt;
    private readonly ConcurrentDictionary<string, ClientSnapshot> _clients = new();
    private readonly TimeProvider _time;
    private long _statisticsReceived;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a standalone meter).</summary>
    public KafkaStatisticsMetrics(IMeterFactory? meterFactory = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _produced = _meter.CreateCounter<long>(KafkaTelemetryNames.SentMessages, "{message}", "Messages a producer sent to brokers.");
        _consumed = _meter.CreateCounter<long>(KafkaTelemetryNames.ConsumedMessages, "{message}", "Messages a consumer received from brokers.");
        _brokerRtt = _meter.CreateHistogram<double>(KafkaTelemetryNames.BrokerRoundTrip, "s", "Average broker round-trip time per statistics window.");
        _meter.CreateObservableGauge(KafkaTelemetryNames.ConsumerLag, ObserveLag, "{message}", "Messages between the committed/consumed position and the high watermark, summed over assigned partitions.");
        _meter.CreateObservableGauge(KafkaTelemetryNames.QueuedMessages, ObserveQueued, "{message}", "Messages waiting in the client's queues.");
    }

    /// <summary>Number of statistics documents processed.</summary>
    public long StatisticsReceived => Interlocked.Read(ref _statisticsReceived);

    /// <summary>Records one statistics document; wired as the statistics handler of every client the factory builds.</summary>
    public void Record(string statisticsJson)
    {
        using var document = JsonDocument.Parse(statisticsJson);
        var root = document.RootElement;
        var name = root.GetProperty("name").GetString() ?? "unknown";
        var clientId = root.TryGetProperty("client_id", out var id) ? id.GetString() ?? name : name;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() ?? "unknown" : "unknown";
        var tags = new KeyValuePair<string, object?>[] { new(KafkaTelemetryNames.System, "kafka"), new(KafkaTelemetryNames.ClientId, clientId), new(KafkaTelemetryNames.ClientType, type) };

        var transmitted = ReadLong(root, "txmsgs");
        var received = ReadLong(root, "rxmsgs");
        var previous = _clients.TryGetValue(name, out var p) ? p : null;
        _produced.Add(Math.Max(0, transmitted - (previous?.Transmitted ?? 0)), tags);
        _consumed.Add(Math.Max(0, received - (previous?.Received ?? 0)), tags);

        if (root.TryGetProperty("brokers", out var brokers))
        {
            foreach (var broker in brokers.EnumerateObject())
            {
                // Bootstrap entries (nodeid -1) never carry real traffic.
                if (ReadLong(broker.Value, "nodeid") < 0 || !broker.Value.TryGetProperty("rtt", out var rtt))
                {
                    continue;
                }

                var averageMicros = ReadLong(rtt, "avg");
                if (averageMicros > 0)
                {
                    _brokerRtt.Record(averageMicros / 1_000_000.0, [tags[0], tags[1], new(KafkaTelemetryNames.Broker, broker.Name)]);
                }
            }
        }

        long? lag = null;
        if (type == "consumer" && root.TryGetProperty("topics", out var topics))
        {
            foreach (var topic in topics.EnumerateObject())
            {
                if (!topic.Value.TryGetProperty("partitions", out var partitions))
                {
                    continue;
                }

                foreach (var partition in partitions.EnumerateObject())
                {
                    // -1 is the internal UA partition; negative lag means "unknown yet".
                    var partitionLag = ReadLong(partition.Value, "consumer_lag");
                    if (partition.Name != "-1" && partitionLag >= 0)
                    {
                        lag = (lag ?? 0) + partitionLag;
                    }
                }
            }
        }

        var now = _time.GetUtcNow();
        var interval = previous is null ? TimeSpan.Zero : now - previous.At;
        _clients[name] = new ClientSnapshot(clientId, type, transmitted, received, ReadLong(root, "msg_cnt"), lag, now, interval);
        Interlocked.Increment(ref _statisticsReceived);
    }

    // A closed client stops reporting; forget it after a few missed intervals so its last lag is not reported forever.
    private IEnumerable<ClientSnapshot> Live()
    {
        var now = _time.GetUtcNow();
        foreach (var (name, snapshot) in _clients)
        {
            var staleAfter = TimeSpan.FromTicks(Math.Max(StaleAfter.Ticks, 3 * snapshot.Interval.Ticks));
            if (now - snapshot.At <= staleAfter)
            {
                yield return snapshot;
            }
            else
            {
                _clients.TryRemove(new KeyValuePair<string, ClientSnapshot>(name, snapshot));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag() =>
        Live().Where(c => c.ConsumerLag is not null)
            .Select(c => new Measurement<long>(c.ConsumerLag!.Value, new(KafkaTelemetryNames.System, "kafka"), new(KafkaTelemetryNames.ClientId, c.ClientId)));

    private IEnumerable<Measurement<long>> ObserveQueued() =>
        Live().Select(c => new Measurement<long>(c.Queued, new(KafkaTelemetryNames.System, "kafka"), new(KafkaTelemetryNames.ClientId, c.ClientId), new(KafkaTelemetryNames.ClientType, c.Type)));

    private static long ReadLong(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private sealed record ClientSnapshot(string ClientId, string Type, long Transmitted, long Received, long Queued, long? ConsumerLag, DateTimeOffset At, TimeSpan Interval);
}
