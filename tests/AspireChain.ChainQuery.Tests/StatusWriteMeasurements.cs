using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.Ledger;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AspireChain.ChainQuery.Tests;

/// <summary>Runs alone, so the process's CPU time is the measured work's (plus the embedded broker's, which is said).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StatusWriteMeasurementCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "status-write-measurements";
}

/// <summary>
/// How fast the status path writes <c>pending</c> records: reported through the test output (records/s, CPU ms per
/// 1,000 records), never asserted; what is asserted is that every record was written.
/// </summary>
[Collection(StatusWriteMeasurementCollection.Name)]
public sealed class StatusWriteMeasurements(ITestOutputHelper output) : PublishedChainTests("status-write-measurements-")
{
    private const int Records = 10_000;

    [Fact]
    public void Writer_writes_ten_thousand_pending_records()
    {
        var path = Path.Combine(_dataDirectory, "writer.db");
        using var database = new ReadModelDatabase(path);
        var writer = new ReadModelWriter(database, TimeProvider.System);
        var transactions = SyntheticTransfers(Records);

        var (wall, cpu) = Measure(() =>
        {
            foreach (var tx in transactions)
            {
                writer.MarkPending(tx, 1_000);
            }
        });

        Report("writer, one record per write", wall, cpu);
        Assert.Equal(Records, CountPending(path));
    }

    [Fact]
    public async Task Status_follower_writes_ten_thousand_pending_records_from_kafka()
    {
        // Eight senders, so the records spread over the partitions as real traffic does.
        var senders = Enumerable.Range(0, 8).Select(_ => KeyPair.Generate()).ToList();
        try
        {
            var recipient = senders[0].Address;
            _publisher.Transactions(Enumerable.Range(0, Records).Select(n => Wallets.Transfer(senders[n % senders.Count], recipient, 1, (ulong)(n / senders.Count))));
        }
        finally
        {
            senders.ForEach(s => s.Dispose());
        }

        var path = Path.Combine(_dataDirectory, "chainquery.db");
        await using var query = await ChainQueryHost.StartAsync(_broker.BootstrapServers, path);
        // Genesis stored: the read model's tables exist.
        await ChainQueryHost.WaitForHeightAsync(query, 0);
        // Timed from the first pending row to the last, so the host's start is not counted.
        await Eventually.TrueAsync(() => CountPending(path) > 0, "the first pending record");
        var cpuBefore = ProcessCpu();
        var clock = Stopwatch.StartNew();
        var first = CountPending(path);
        await Eventually.TrueAsync(() => CountPending(path) == Records, "every pending record", TimeSpan.FromMinutes(5));
        var wall = clock.Elapsed;
        var cpu = ProcessCpu() - cpuBefore;

        Report($"follower from kafka, {Records - first:N0} records after the first row (CPU includes the in-process broker)", wall, cpu, Records - first);
        Assert.Equal(Records, CountPending(path));
    }

    private void Report(string what, TimeSpan wall, TimeSpan cpu, long records = Records)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {records:N0} records in {wall.TotalMilliseconds:N0} ms = {records / wall.TotalSeconds:N0} records/s; CPU {cpu.TotalMilliseconds:N0} ms = {cpu.TotalMilliseconds * 1000 / records:N1} CPU ms per 1,000 records"));
    }

    private static (TimeSpan Wall, TimeSpan Cpu) Measure(Action work)
    {
        var cpuBefore = ProcessCpu();
        var clock = Stopwatch.StartNew();
        work();
        return (clock.Elapsed, ProcessCpu() - cpuBefore);
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static List<StoredTransaction> SyntheticTransfers(int count) =>
        [.. Enumerable.Range(0, count).Select(n => new StoredTransaction(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            "sender-" + (n % 8).ToString(CultureInfo.InvariantCulture),
            "recipient",
            1,
            1,
            n / 8,
            false))];

    private static long CountPending(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM transactions WHERE status = 'pending'";
        return (long)command.ExecuteScalar()!;
    }
}
