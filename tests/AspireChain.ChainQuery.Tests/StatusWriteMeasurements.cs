using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AspireChain.ChainQuery.Storage;
using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.Following;
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

    [Theory]
    [InlineData(1_000)]
    [InlineData(1)]
    public void Writer_writes_ten_thousand_pending_records(int batchSize)
    {
        var path = Path.Combine(_dataDirectory, "writer.db");
        using var database = new ReadModelDatabase(path);
        using var store = new BlockStore(path, durableCommits: false);
        var writer = new StatusWriter(store, TimeProvider.System);
        var batches = SyntheticTransfers(Records).Select(tx => (StatusUpdate)new SubmittedTransfer(tx, 1_000)).Chunk(batchSize).ToList();

        var (wall, cpu) = Measure(() =>
        {
            foreach (var batch in batches)
            {
                writer.Write(batch);
            }
        });

        Report($"writer, batches of {batchSize:N0}", wall, cpu);
        Assert.Equal(Records, CountPending(path));
    }

    [Fact]
    public void Block_projection_applies_five_blocks_of_two_thousand_transfers()
    {
        const int blocks = 5, perBlock = 2_000;
        var path = Path.Combine(_dataDirectory, "blocks.db");
        using var database = new ReadModelDatabase(path);
        var writer = new ReadModelWriter(database, TimeProvider.System);
        // 200 senders paying 2,000 recipients: what a busy block looks like to the accounts table.
        var stored = Enumerable.Range(0, blocks).Select(height => new StoredBlock(
            height, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "prev", "merkle", height, "ff", 1, 0, "miner", perBlock,
            [.. Enumerable.Range(0, perBlock).Select(n => new StoredTransaction(
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                "sender-" + (n % 200).ToString(CultureInfo.InvariantCulture),
                "recipient-" + n.ToString(CultureInfo.InvariantCulture),
                1,
                1,
                height * 10 + n / 200,
                false))])).ToList();

        var (wall, cpu) = Measure(() => stored.ForEach(block => writer.ApplyGenesis(block)));

        Report($"block projection, {blocks} blocks of {perBlock:N0} transfers", wall, cpu, blocks * perBlock);
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM transactions WHERE status = 'confirmed'), (SELECT count(*) FROM accounts), (SELECT max(nonce) FROM accounts)";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(blocks * perBlock, reader.GetInt64(0));
        Assert.Equal(200 + perBlock, reader.GetInt64(1));
        // The last block's senders sent nonces 40..49: the next one each must carry is 50.
        Assert.Equal((blocks - 1) * 10 + perBlock / 200, reader.GetInt64(2));
    }

    [Fact]
    public void Steady_state_pending_then_confirmed_in_a_large_read_model()
    {
        // What ChainQuery does per transfer under load, in a store that already holds 100,000 confirmed transfers:
        // pending batches of 100 as the status follower writes them, then the block of 500 that confirms them, 200
        // senders. Reports CPU and the bytes SQLite wrote (WAL and checkpoints) per transfer.
        const int history = 100_000, blocks = 20, perBlock = 500, senders = 200;
        var path = Path.Combine(_dataDirectory, "steady.db");
        using var database = new ReadModelDatabase(path);
        using var store = new BlockStore(path, durableCommits: false);
        var status = new StatusWriter(store, TimeProvider.System);
        var writer = new ReadModelWriter(database, TimeProvider.System);
        var height = 0L;
        StoredBlock Block(IEnumerable<StoredTransaction> transfers) => new(
            height, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "prev", "merkle", height++, "ff", 1, 0, "miner", perBlock, [.. transfers]);
        List<StoredTransaction> Transfers(int count) =>
            [.. Enumerable.Range(0, count).Select(n => new StoredTransaction(
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                "sender-" + (n % senders).ToString(CultureInfo.InvariantCulture),
                "recipient-" + ((n * 7) % senders).ToString(CultureInfo.InvariantCulture),
                1, 1, height * 10 + n / senders, false))];
        for (var i = 0; i < history / 5_000; i++)
        {
            writer.ApplyGenesis(Block(Transfers(5_000)));
        }

        var work = Enumerable.Range(0, blocks).Select(_ => Transfers(perBlock)).ToList();
        var writtenBefore = ProcessWrittenBytes();
        long pendingWritten = 0;
        var (wall, cpu) = Measure(() =>
        {
            foreach (var transfers in work)
            {
                var before = ProcessWrittenBytes();
                foreach (var batch in transfers.Chunk(100))
                {
                    status.Write([.. batch.Select(tx => (StatusUpdate)new SubmittedTransfer(tx, 1_000))]);
                }

                pendingWritten += ProcessWrittenBytes() - before;
                Assert.Equal(perBlock, writer.ApplyGenesis(Block(transfers)).ConfirmationSeconds.Count);
            }
        });
        var written = ProcessWrittenBytes() - writtenBefore;

        Report($"steady state over {history:N0} confirmed, {blocks} blocks of {perBlock} (pending, then confirmed)", wall, cpu, blocks * perBlock);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  bytes written: {written / 1e6:N1} MB = {written / (double)(blocks * perBlock) / 1024:N1} KiB per transfer, of which pending batches {pendingWritten / (double)(blocks * perBlock) / 1024:N1} KiB"));
        Assert.Equal(0, CountPending(path));
    }

    // Bytes this process handed to write(2)/pwrite(2) so far (Linux /proc/self/io; 0 elsewhere).
    private static long ProcessWrittenBytes()
    {
        const string io = "/proc/self/io";
        if (!File.Exists(io))
        {
            return 0;
        }

        var line = File.ReadLines(io).FirstOrDefault(l => l.StartsWith("wchar:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["wchar:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Status_follower_writes_ten_thousand_pending_records_from_kafka()
    {
        var path = Path.Combine(_dataDirectory, "chainquery.db");
        await using var query = await ChainQueryHost.StartAsync(_broker.BootstrapServers, path);
        // Genesis stored: the read model's tables exist. One record written: the follower has its partitions.
        await ChainQueryHost.WaitForHeightAsync(query, 0);
        using (var warmUp = KeyPair.Generate())
        {
            _publisher.Transaction(Wallets.Transfer(warmUp, warmUp.Address, 1, 0));
        }

        await PollAsync(() => CountPending(path), count => count == 1);

        // The write lock held while the records are produced: they wait for the follower as a backlog does under load,
        // and producing them is not measured. Eight senders, so they spread over the partitions as real traffic does.
        TimeSpan cpuBefore;
        Stopwatch clock;
        using (var writeLock = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            writeLock.Open();
            using var begin = writeLock.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            var senders = Enumerable.Range(0, 8).Select(_ => KeyPair.Generate()).ToList();
            try
            {
                _publisher.Transactions(Enumerable.Range(0, Records).Select(n => Wallets.Transfer(senders[n % senders.Count], senders[0].Address, 1, (ulong)(n / senders.Count))));
            }
            finally
            {
                senders.ForEach(s => s.Dispose());
            }

            // Timed from the lock's release to the last row, polled finely (a batch takes milliseconds).
            cpuBefore = ProcessCpu();
            clock = Stopwatch.StartNew();
            using var commit = writeLock.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        await PollAsync(() => CountPending(path), count => count == Records + 1);
        var wall = clock.Elapsed;
        var cpu = ProcessCpu() - cpuBefore;

        Report("follower from kafka (CPU includes the in-process broker)", wall, cpu);
        Assert.Equal(Records + 1, CountPending(path));
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

    private static async Task<long> PollAsync(Func<long> probe, Func<long, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = probe();
            if (done(value))
            {
                return value;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(5), $"the measured writes stalled at {value:N0} records");
            await Task.Delay(5);
        }
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
        command.CommandText = "SELECT count(*) FROM pending_transactions";
        return (long)command.ExecuteScalar()!;
    }
}
