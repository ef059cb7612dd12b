using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.MicroBenchmarks;

/// <summary>
/// Bytes a producer puts on the wire, and the CPU it spends, for the record values of a 1,000-transfer block in each
/// encoding (JSON, binary) and each <c>compression.type</c>, against the embedded broker (librdkafka's mock cluster):
/// the transfers as ingest writes them (batched), the candidate block and the accepted envelope (one record a batch, as
/// the miner and the Validator write them). Bytes are the producer's <c>txbytes</c> statistic (requests included).
/// </summary>
internal static class WireSizeMeasure
{
    private const string Topic = "wire-size";
    private const int Rounds = 10;

    public static void Run()
    {
        var (_, block, _) = BenchmarkChains.FundedChainAndBlock(senders: 100, transactions: 1_000);
        using var validator = DevValidator.CreateKeyPair();
        var accepted = AcceptedBlock.Sign(block, 1_234, validator, BenchmarkChains.Network);
        var transfers = block.Transactions.Skip(1).ToList();
        using var broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1, CreateTopics = false });
        broker.CreateTopic(Topic, 1);

        Console.WriteLine($"{"value",-22} {"encoding",-8} {"compression",-11} {"raw B/transfer",14} {"wire B/transfer",15} {"cpu ms/1k transfers",19}");
        foreach (var compression in new[] { CompressionType.None, CompressionType.Lz4, CompressionType.Zstd, CompressionType.Snappy, CompressionType.Gzip })
        {
            foreach (var (encoding, json) in new[] { ("json", true), ("binary", false) })
            {
                var records = transfers.Select(t => json ? t.ToJson() : t.ToWire()).ToList();
                Report("transactions x1000", encoding, compression, records, batch: records.Count, broker.BootstrapServers);
                Report("transactions x10", encoding, compression, records, batch: 10, broker.BootstrapServers);
                Report("candidate block", encoding, compression, [json ? block.ToJson() : block.ToWire()], batch: 1, broker.BootstrapServers, transfers.Count);
                Report("accepted block", encoding, compression, [json ? accepted.ToJson() : accepted.ToWire()], batch: 1, broker.BootstrapServers, transfers.Count);
            }
        }
    }

    // Produces the records Rounds times, flushing every `batch` records (one batch each), and reports bytes and CPU per transfer.
    private static void Report(string value, string encoding, CompressionType compression, IReadOnlyList<byte[]> records, int batch, string bootstrapServers, int? transfersPerRecord = null)
    {
        string? statistics = null;
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            CompressionType = compression,
            LingerMs = 1_000, // batches end where the flushes put them
            StatisticsIntervalMs = 50,
        }).SetStatisticsHandler((_, json) => Volatile.Write(ref statistics, json)).Build();
        producer.Produce(Topic, new Message<string, byte[]> { Key = "warm-up", Value = [0] });
        producer.Flush(TimeSpan.FromSeconds(10));
        var before = TxBytes(producer, ref statistics);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < records.Count; i++)
            {
                producer.Produce(Topic, new Message<string, byte[]> { Key = "k", Value = records[i] });
                if ((i + 1) % batch == 0) producer.Flush(TimeSpan.FromSeconds(30));
            }
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        var spent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var sent = TxBytes(producer, ref statistics) - before;

        double transfers = Rounds * (transfersPerRecord ?? 1) * records.Count;
        var raw = records.Sum(r => (long)r.Length) * Rounds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{value,-22} {encoding,-8} {compression.ToString().ToLowerInvariant(),-11} {raw / transfers,14:0.0} {sent / transfers,15:0.0} {spent.TotalMilliseconds / transfers * 1_000,19:0.00}"));
    }

    // The producer's bytes sent to brokers, from a statistics report emitted after everything was acknowledged.
    private static long TxBytes(IProducer<string, byte[]> producer, ref string? statistics)
    {
        Volatile.Write(ref statistics, null);
        string? json = null;
        var deadline = Stopwatch.StartNew();
        while ((json = Volatile.Read(ref statistics)) is null && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            producer.Poll(TimeSpan.FromMilliseconds(20));
        }
        if (json is null) throw new InvalidOperationException("no statistics report");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("brokers").EnumerateObject().Sum(b => b.Value.GetProperty("txbytes").GetInt64());
    }
}
