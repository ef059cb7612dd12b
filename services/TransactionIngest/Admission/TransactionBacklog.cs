using AspireChain.Contracts.Kafka;
using AspireChain.ServiceDefaults.Kafka;
using AspireChain.TransactionIngest.Options;
using AspireChain.TransactionIngest.Telemetry;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Options;

namespace AspireChain.TransactionIngest.Admission;

/// <summary>
/// Back-pressure from Kafka itself: every <see cref="IngestOptions.BacklogPollInterval"/> it reads, per partition of
/// <c>transactions</c>, the log end and the miners' committed offset (the oldest record a miner still needs), and
/// turns the records in between into bytes. When the worst partition holds more than
/// <see cref="IngestOptions.MaxBacklogBytesPerPartition"/>, ingest answers 503 with a Retry-After instead of
/// acknowledging a transfer the broker's retention could remove before any miner has read it: a slower client, never a
/// lost transfer.
/// </summary>
public sealed partial class TransactionBacklog(
    KafkaClientFactory kafka,
    IOptions<IngestOptions> options,
    IngestTelemetry telemetry,
    TimeProvider time,
    ILogger<TransactionBacklog> logger) : BackgroundService
{
    // Until the first acknowledged write says otherwise, assume a record as large as a transaction's JSON with its
    // key, trace headers and batch overhead: an overestimate, so a cold ingest never under-counts a backlog.
    private const double InitialRecordBytes = 1024;
    // A record's framing in a v2 batch (length, attributes, deltas, header count): a few varints, ~20 bytes.
    private const int RecordOverheadBytes = 20;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly IngestOptions _options = options.Value;
    private BacklogReading _reading = BacklogReading.None;
    private long _writtenRecords;
    private long _writtenBytes;
    private (long Committed, DateTimeOffset At)? _previous;
    private double _drainPerSecond;

    /// <summary>
    /// The newest reading; one older than three poll intervals plus a request timeout counts as none (the measurement is
    /// failing, so it cannot refuse). The timeout is in the bound because a reading is four broker requests: on a busy
    /// machine one can take longer than the poll interval, and the last reading must stay valid while the next is on its way.
    /// </summary>
    public BacklogReading Current
    {
        get
        {
            var reading = Volatile.Read(ref _reading);
            return time.GetUtcNow() - reading.At > (3 * _options.BacklogPollInterval) + RequestTimeout ? BacklogReading.None : reading;
        }
    }

    /// <summary>Counts an acknowledged record's size (key, value and headers), so the backlog in bytes follows the real record size.</summary>
    public void Observe(Message<string, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = (message.Key?.Length ?? 0) + (message.Value?.Length ?? 0) + RecordOverheadBytes;
        foreach (var header in message.Headers ?? [])
        {
            bytes += header.Key.Length + header.GetValueBytes().Length;
        }

        Interlocked.Increment(ref _writtenRecords);
        Interlocked.Add(ref _writtenBytes, bytes);
    }

    /// <summary>The mean size of the records this ingest wrote, in bytes.</summary>
    public double MeanRecordBytes
    {
        get
        {
            var records = Interlocked.Read(ref _writtenRecords);
            return records == 0 ? InitialRecordBytes : (double)Interlocked.Read(ref _writtenBytes) / records;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.MaxBacklogBytesPerPartition <= 0)
        {
            LogOff();
            return;
        }

        telemetry.ObserveBacklog(() => Current.WorstRecords);
        using var admin = kafka.CreateAdminClient();
        using var timer = new PeriodicTimer(_options.BacklogPollInterval, time);
        var wasFull = false;
        do
        {
            try
            {
                var reading = await ReadAsync(admin, stoppingToken).ConfigureAwait(false);
                Volatile.Write(ref _reading, reading);
                if (reading.IsFull != wasFull)
                {
                    wasFull = reading.IsFull;
                    if (wasFull)
                    {
                        LogFull(reading.ToString());
                    }
                    else
                    {
                        LogDrained(reading.ToString());
                    }
                }
            }
            catch (Exception e) when (e is KafkaException or InvalidOperationException)
            {
                // The broker is away or the topic is not there yet: no reading, so nothing is refused on its account
                // (a write that cannot be acknowledged fails on its own with broker-unavailable).
                LogUnmeasured(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<BacklogReading> ReadAsync(IAdminClient admin, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = admin.GetMetadata(Topics.Transactions, RequestTimeout).Topics.SingleOrDefault();
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"no metadata for {Topics.Transactions}: {metadata?.Error.Reason ?? "unknown topic"}");
        }

        var partitions = metadata.Partitions.Select(p => new TopicPartition(Topics.Transactions, p.PartitionId)).ToList();
        var latest = await OffsetsAsync(admin, partitions, OffsetSpec.Latest()).ConfigureAwait(false);
        var earliest = await OffsetsAsync(admin, partitions, OffsetSpec.Earliest()).ConfigureAwait(false);
        var committedResult = await admin.ListConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitions(ConsumerGroups.Miners, partitions)],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = RequestTimeout }).ConfigureAwait(false);
        var committed = committedResult.Single().Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);

        var meanBytes = MeanRecordBytes;
        var worst = (Partition: -1, Records: 0L);
        long total = 0, committedSum = 0;
        foreach (var partition in partitions)
        {
            var id = partition.Partition.Value;
            var start = earliest[id];
            // No committed offset yet (no miner has confirmed anything there): everything still in the log is owed.
            var owedFrom = committed.TryGetValue(id, out var offset) && offset >= 0 ? Math.Max(offset, start) : start;
            var records = Math.Max(0, latest[id] - owedFrom);
            total += records;
            committedSum += owedFrom;
            if (records > worst.Records || worst.Partition < 0)
            {
                worst = (id, records);
            }
        }

        var now = time.GetUtcNow();
        if (_previous is { } previous && now > previous.At)
        {
            var rate = Math.Max(0, committedSum - previous.Committed) / (now - previous.At).TotalSeconds;
            // Smoothed over a few readings: one commit interval's burst must not swing the Retry-After.
            _drainPerSecond = _drainPerSecond == 0 ? rate : (0.7 * _drainPerSecond) + (0.3 * rate);
        }

        _previous = (committedSum, now);
        return new BacklogReading(worst.Partition, worst.Records, (long)(worst.Records * meanBytes), total, _options.MaxBacklogBytesPerPartition, _drainPerSecond, now);
    }

    private static async Task<Dictionary<int, long>> OffsetsAsync(IAdminClient admin, List<TopicPartition> partitions, OffsetSpec spec)
    {
        var result = await admin.ListOffsetsAsync(
            partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }),
            new ListOffsetsOptions { RequestTimeout = RequestTimeout }).ConfigureAwait(false);
        return result.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value, r => r.TopicPartitionOffsetError.Offset.Value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction backlog limit is off (Ingest:MaxBacklogBytesPerPartition = 0): ingest acknowledges whatever the broker takes")]
    private partial void LogOff();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction backlog full, answering 503 until the miners catch up: {Reading}")]
    private partial void LogFull(string reading);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction backlog back under its limit: {Reading}")]
    private partial void LogDrained(string reading);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Transaction backlog not measured: {Reason}")]
    private partial void LogUnmeasured(string reason);
}
