using System.Globalization;
using AspireChain.ChainQuery.Apis;
using Microsoft.Data.Sqlite;

namespace AspireChain.ChainQuery.Storage;

/// <summary>The read model's query side used by the HTTP API; every call opens its own pooled connection.</summary>
public sealed class ReadModelQueries(ReadModelDatabase database)
{
    private const string SummaryColumns = "height, hash, previous_hash, timestamp_ms, tx_count, difficulty, miner";

    /// <summary>Height of the stored tip, or -1 when nothing is stored.</summary>
    public long TipHeight()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // After joining from a snapshot, its height is the tip until the next block arrives.
        command.CommandText = "SELECT max(coalesce(max(height), -1), coalesce((SELECT snapshot_height FROM read_model_history), -1)) FROM blocks";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The snapshot height this read model joined from (blocks 1..it are not held locally), or null with full history.</summary>
    public long? SnapshotHeight()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot_height FROM read_model_history WHERE id = 1";
        return command.ExecuteScalar() is long height ? height : null;
    }

    /// <summary>The chain newest first, one page at a time.</summary>
    public Page<BlockSummary> Chain(PageRequest page)
    {
        using var connection = database.Open();
        var total = Count(connection, "SELECT count(*) FROM blocks", []);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SummaryColumns} FROM blocks ORDER BY height DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", page.PageSize);
        command.Parameters.AddWithValue("$offset", page.Offset);
        return new Page<BlockSummary>(ReadSummaries(command), page.Page, page.PageSize, total);
    }

    /// <summary>Blocks above <paramref name="afterHeight"/> in ascending order (the live feed's catch-up).</summary>
    public IReadOnlyList<BlockSummary> BlocksAfter(long afterHeight, int limit)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SummaryColumns} FROM blocks WHERE height > $after ORDER BY height LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterHeight);
        command.Parameters.AddWithValue("$limit", limit);
        return ReadSummaries(command);
    }

    /// <summary>The block at a height, or null.</summary>
    public StoredBlock? BlockAt(long height) => Block("height = $key", height);

    /// <summary>The block with a hash (case-insensitive hex), or null.</summary>
    public StoredBlock? BlockWithHash(string hash) => Block("hash = $key", hash.ToLowerInvariant());

    /// <summary>A transaction's status with confirmations counted from the current tip, or null if never seen.</summary>
    public TransactionStatus? Transaction(string id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, status, height, block_hash, sender, recipient, amount, fee, nonce, reason, detail,
                   (SELECT max(height) FROM blocks) AS tip
            FROM transactions WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id.ToLowerInvariant());
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return PendingTransaction(connection, id.ToLowerInvariant());
        }

        long? height = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        long? confirmations = height is { } h && !reader.IsDBNull(11) ? reader.GetInt64(11) - h + 1 : null;
        return new TransactionStatus(
            reader.GetString(0), reader.GetString(1), height, NullableString(reader, 3), confirmations,
            NullableString(reader, 4), NullableString(reader, 5), NullableInt64(reader, 6), NullableInt64(reader, 7),
            NullableInt64(reader, 8), NullableString(reader, 9), NullableString(reader, 10));
    }

    // A transfer seen on `transactions` that no block has confirmed nor a miner rejected yet.
    private static TransactionStatus? PendingTransaction(SqliteConnection connection, string id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sender, recipient, amount, fee, nonce FROM pending_transactions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new TransactionStatus(id, "pending", null, null, null, NullableString(reader, 0), NullableString(reader, 1),
                NullableInt64(reader, 2), NullableInt64(reader, 3), NullableInt64(reader, 4), null, null)
            : null;
    }

    /// <summary>Balance, next nonce and confirmed transfer count of an address (zeroes for an unseen one).</summary>
    public AccountState Account(string address)
    {
        address = address.ToLowerInvariant();
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT balance, nonce FROM accounts WHERE address = $address";
        command.Parameters.AddWithValue("$address", address);
        long balance = 0, nonce = 0;
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                balance = reader.GetInt64(0);
                nonce = reader.GetInt64(1);
            }
        }

        var count = Count(connection, HistoryCountSql, [new SqliteParameter("$address", address)]);
        return new AccountState(address, balance, nonce, count);
    }

    /// <summary>Every stored account (address, balance, next nonce), for cross-checking against a full replay.</summary>
    public IReadOnlyDictionary<string, (long Balance, long Nonce)> Accounts()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT address, balance, nonce FROM accounts";
        var accounts = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            accounts[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return accounts;
    }

    /// <summary>Confirmed transfers touching an address, newest first.</summary>
    public Page<AddressHistoryEntry> History(string address, PageRequest page)
    {
        address = address.ToLowerInvariant();
        using var connection = database.Open();
        var total = Count(connection, HistoryCountSql, [new SqliteParameter("$address", address)]);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, height, sender, recipient, amount, fee FROM transactions
            WHERE status = 'confirmed' AND (sender = $address OR recipient = $address)
            ORDER BY height DESC, id LIMIT $limit OFFSET $offset
            """;
        command.Parameters.AddWithValue("$address", address);
        command.Parameters.AddWithValue("$limit", page.PageSize);
        command.Parameters.AddWithValue("$offset", page.Offset);
        var items = new List<AddressHistoryEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var sender = NullableString(reader, 2);
            var recipient = reader.GetString(3);
            var sent = sender == address;
            items.Add(new AddressHistoryEntry(
                reader.GetString(0), reader.GetInt64(1), sent ? "out" : "in", sent ? recipient : sender,
                reader.GetInt64(4), reader.GetInt64(5)));
        }

        return new Page<AddressHistoryEntry>(items, page.Page, page.PageSize, total);
    }

    /// <summary>Raw figures the stats endpoint derives its rates from.</summary>
    public ChainFigures Figures(int windowBlocks)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT max(coalesce(max(height), -1), coalesce((SELECT snapshot_height FROM read_model_history), -1)) FROM blocks),
                   (SELECT count(*) FROM transactions WHERE status = 'confirmed' AND is_coinbase = 0),
                   (SELECT count(*) FROM pending_transactions) + (SELECT count(*) FROM transactions WHERE status = 'pending'),
                   (SELECT count(*) FROM transactions WHERE status = 'rejected'),
                   (SELECT count(*) FROM block_rejections WHERE reason = 'stale'),
                   (SELECT count(*) FROM block_rejections)
            """;
        long tip, confirmed, pending, rejected, stale, rejectedBlocks;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            (tip, confirmed, pending, rejected, stale, rejectedBlocks) =
                (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
        }

        return new ChainFigures(tip, confirmed, pending, rejected, stale, rejectedBlocks, RecentBlocks(connection, windowBlocks));
    }

    /// <summary>The last <paramref name="windowBlocks"/> blocks (at least two, genesis excluded), oldest first.</summary>
    public IReadOnlyList<RecentBlock> RecentBlocks(int windowBlocks)
    {
        using var connection = database.Open();
        return RecentBlocks(connection, windowBlocks);
    }

    /// <summary>The lifecycle of the newest <paramref name="limit"/> mined blocks at or below <paramref name="maxHeight"/>, newest first.</summary>
    public IReadOnlyList<(StoredLifecycle Block, IReadOnlyList<CandidateRejection> Rejected)> Lifecycle(int limit, long? maxHeight = null)
    {
        using var connection = database.Open();
        var blocks = new List<StoredLifecycle>();
        using (var command = connection.CreateCommand())
        {
            // Genesis is computed, never mined: the lifecycle starts at height 1.
            command.CommandText = """
                SELECT b.height, b.hash, b.miner, b.tx_count, b.timestamp_ms, b.difficulty, p.timestamp_ms,
                       l.miner_instance, l.pow_attempts, l.pow_search_ms, l.mined_ms, l.validated_ms, l.committed_ms, l.applied_ms,
                       (SELECT min(t.submitted_ms) FROM transactions t WHERE t.height = b.height AND t.is_coinbase = 0)
                FROM blocks b
                LEFT JOIN blocks p ON p.height = b.height - 1
                LEFT JOIN block_lifecycle l ON l.height = b.height AND l.hash = b.hash
                WHERE b.height > 0 AND b.height <= $max
                ORDER BY b.height DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$max", maxHeight ?? long.MaxValue);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                blocks.Add(new StoredLifecycle(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetDouble(5),
                    NullableInt64(reader, 6), NullableString(reader, 7), NullableInt64(reader, 8), NullableDouble(reader, 9),
                    NullableInt64(reader, 10), NullableInt64(reader, 11), NullableInt64(reader, 12), NullableInt64(reader, 13),
                    NullableInt64(reader, 14)));
            }
        }

        if (blocks.Count == 0)
        {
            return [];
        }

        var rejected = blocks.ToDictionary(b => b.Height, _ => new List<CandidateRejection>());
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT height, hash, reason, detail, source, rejected_ms FROM block_rejections
                WHERE height BETWEEN $low AND $high ORDER BY height, coalesce(rejected_ms, at_ms), hash
                """;
            command.Parameters.AddWithValue("$low", blocks[^1].Height);
            command.Parameters.AddWithValue("$high", blocks[0].Height);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (rejected.TryGetValue(reader.GetInt64(0), out var list))
                {
                    list.Add(new CandidateRejection(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                        NullableString(reader, 3), NullableString(reader, 4), NullableInt64(reader, 5)));
                }
            }
        }

        return [.. blocks.Select(b => (b, (IReadOnlyList<CandidateRejection>)rejected[b.Height]))];
    }

    private const string HistoryCountSql =
        "SELECT count(*) FROM transactions WHERE status = 'confirmed' AND (sender = $address OR recipient = $address)";

    private static List<RecentBlock> RecentBlocks(SqliteConnection connection, int windowBlocks)
    {
        using var window = connection.CreateCommand();
        // The window excludes genesis: its timestamp is a constant, not a mining time.
        window.CommandText = """
            SELECT height, timestamp_ms, tx_count, difficulty FROM blocks WHERE height > 0
            ORDER BY height DESC LIMIT $window
            """;
        window.Parameters.AddWithValue("$window", Math.Max(2, windowBlocks));
        var recent = new List<RecentBlock>();
        using (var reader = window.ExecuteReader())
        {
            while (reader.Read())
            {
                recent.Add(new RecentBlock(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetDouble(3)));
            }
        }

        recent.Reverse();
        return recent;
    }

    private StoredBlock? Block(string where, object key)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT height, hash, previous_hash, merkle_root, timestamp_ms, target, difficulty, nonce, miner, tx_count
            FROM blocks WHERE {where}
            """;
        command.Parameters.AddWithValue("$key", key);
        StoredBlock block;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            block = new StoredBlock(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.GetString(5), reader.GetDouble(6), ulong.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                reader.GetString(8), reader.GetInt32(9), []);
        }

        using var txs = connection.CreateCommand();
        txs.CommandText = "SELECT id, sender, recipient, amount, fee, nonce, is_coinbase FROM transactions WHERE height = $height AND status = 'confirmed' ORDER BY is_coinbase DESC, rowid";
        txs.Parameters.AddWithValue("$height", block.Height);
        var list = new List<StoredTransaction>();
        using (var reader = txs.ExecuteReader())
        {
            while (reader.Read())
            {
                list.Add(new StoredTransaction(reader.GetString(0), NullableString(reader, 1), reader.GetString(2),
                    reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6) == 1));
            }
        }

        return block with { Transactions = list };
    }

    private static List<BlockSummary> ReadSummaries(SqliteCommand command)
    {
        var items = new List<BlockSummary>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(new BlockSummary(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetInt32(4), reader.GetDouble(5), reader.GetString(6)));
        }

        return items;
    }

    private static long Count(SqliteConnection connection, string sql, SqliteParameter[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddRange(parameters);
        return (long)command.ExecuteScalar()!;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long? NullableInt64(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static double? NullableDouble(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
