using AspireChain.Contracts.Kafka;
using AspireChain.Ledger;
using AspireChain.Testing;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// The chain as the <c>blocks</c> topic holds it, re-validated from genesis with the Ledger's own rules in this
/// process: the independent referee every scenario asserts against (one block per height, no gap, every block
/// valid, so no transaction applied twice and no overdraft), whatever ChainQuery says. Anyone can write to the topic,
/// so the chain is made of the records validly signed by a validator key the network pins; every other record is a
/// forgery, listed apart (an attack scenario asserts on them; they are never part of the chain).
/// </summary>
internal sealed class AuditedChain
{
    private AuditedChain(Chain chain, int records, IReadOnlyList<string> problems, IReadOnlyList<string> forgeries)
    {
        Chain = chain;
        Records = records;
        Problems = problems;
        Forgeries = forgeries;
        TransactionHeights = chain.Blocks.SelectMany(b => b.Transactions.Where(t => !t.IsCoinbase).Select(t => (t.Id, b.Height)))
            .GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.Select(p => p.Height).ToList());
    }

    /// <summary>The replayed chain (state = balances and nonces after the last block).</summary>
    public Chain Chain { get; }

    /// <summary>Records on <c>blocks</c> (re-deliveries of the same block included).</summary>
    public int Records { get; }

    /// <summary>What is wrong: two validator-signed blocks at one height, a gap, a signed block the rules refuse. Empty when sound.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Records that are not a block signed by a pinned validator key (unreadable, unsigned, signed by another key, tampered).</summary>
    public IReadOnlyList<string> Forgeries { get; }

    /// <summary>Heights each transfer appears at (more than one would be a double apply).</summary>
    public IReadOnlyDictionary<Hash256, List<ulong>> TransactionHeights { get; }

    public ulong Height => Chain.Height;

    /// <summary>
    /// Reads <c>blocks</c> from the beginning and replays it in log order, as every reader does: a record that is not a
    /// block signed by a pinned key, or that breaks a rule at its height (the dev validator key is public on test
    /// networks, so a forger can sign), is a forgery; a replay of a held block changes nothing; a different signed
    /// block at a held height, a gap, or a block the rules refuse and the chain then builds on are problems.
    /// </summary>
    public static async Task<AuditedChain> ReadAsync(string bootstrapServers, CancellationToken cancellationToken) =>
        Replay(new Chain(SystemNetwork.Parameters, keepBlocks: Chain.KeepAll), await TopicReader.ReadAllAsync(bootstrapServers, Topics.Blocks, cancellationToken), 0);

    /// <summary>
    /// As <see cref="ReadAsync"/> once <c>blocks</c> no longer starts at offset 0: starts from the newest snapshot on
    /// <c>snapshots</c> that verifies (validator signature and recomputed state root) and replays <c>blocks</c> from its
    /// offset. The history before it is not audited (it is gone from the broker); <see cref="Minted"/> and <see cref="Fees"/> cover only what was replayed.
    /// </summary>
    public static async Task<AuditedChain> ReadFromSnapshotAsync(string bootstrapServers, CancellationToken cancellationToken)
    {
        var newest = ChainLog.NewestSnapshot(bootstrapServers, out _, SystemNetwork.Parameters)
            ?? throw new InvalidOperationException("no verifiable snapshot on the snapshots topic");
        var records = await TopicReader.ReadAllAsync(bootstrapServers, Topics.Blocks, cancellationToken);
        return Replay(new Chain(SystemNetwork.Parameters, newest.Snapshot, keepBlocks: Chain.KeepAll), records, newest.Manifest.BlocksOffset);
    }

    private static AuditedChain Replay(Chain chain, IReadOnlyList<TopicRecord> all, long fromOffset)
    {
        var records = all.Where(r => r.Offset >= fromOffset).ToList();
        var problems = new List<string>();
        var forgeries = new List<string>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var record in records)
        {
            if (!AcceptedBlock.TryReadWire(record.Value, out var accepted, out var error))
            {
                forgeries.Add($"blocks@{record.Offset} is not an accepted block: {error}");
                continue;
            }

            var signed = accepted.Verify(SystemNetwork.Parameters);
            if (!signed.IsValid)
            {
                forgeries.Add($"blocks@{record.Offset} ({accepted.Height} {accepted.Hash}): {signed}");
                continue;
            }

            var block = accepted.Block;
            if (record.Key != block.Height.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                forgeries.Add($"blocks@{record.Offset} key '{record.Key}' is not its height {block.Height}");
            }

            if (block.Height <= chain.Height)
            {
                if (chain.GetHash(block.Height) is { } held && held != block.Hash)
                {
                    problems.Add($"blocks@{record.Offset}: height {block.Height} has two signed blocks: {held} and {block.Hash}");
                }

                continue;
            }

            if (block.Height != chain.Height + 1)
            {
                problems.Add($"blocks@{record.Offset}: gap, block {block.Height} follows tip {chain.Height}");
                break;
            }

            var verdict = chain.TryAppend(block, now);
            if (!verdict.IsValid)
            {
                forgeries.Add($"blocks@{record.Offset} ({block.Height} {block.Hash}) breaks a rule: {verdict}");
            }
        }

        return new AuditedChain(chain, records.Count, problems, forgeries);
    }

    /// <summary>Balance of <paramref name="address"/> after the last block.</summary>
    public ulong BalanceOf(Address address) => Chain.GetAccount(address).Balance;

    /// <summary>Coins minted by every coinbase (genesis premine included).</summary>
    public ulong Minted => Chain.Blocks.Aggregate(0UL, (sum, b) => sum + b.Transactions.Where(t => t.IsCoinbase).Aggregate(0UL, (s, t) => s + t.Amount));

    /// <summary>Fees paid by every transfer.</summary>
    public ulong Fees => Chain.Blocks.Aggregate(0UL, (sum, b) => sum + b.Transactions.Aggregate(0UL, (s, t) => s + t.Fee));

    /// <summary>Sum of every account's balance.</summary>
    public ulong SumOfBalances => Chain.State.Accounts.Values.Aggregate(0UL, (sum, a) => sum + a.Balance);

    /// <summary>Every miner reward address that received a coinbase.</summary>
    public IReadOnlyList<Address> Miners => [.. Chain.Blocks.Skip(1).Select(b => b.Header.Miner).Distinct()];

    /// <summary>Asserts the chain is sound: every height one valid block, no gap, no transfer twice, supply exactly what was minted.</summary>
    public void AssertSound()
    {
        Assert.True(Problems.Count == 0, string.Join(Environment.NewLine, Problems));
        Assert.All(TransactionHeights, p => Assert.True(p.Value.Count == 1, $"tx {p.Key} applied at heights {string.Join(",", p.Value)}"));
        // Fees leave the senders and come back inside the coinbase, so balances add up to minted coins minus fees.
        Assert.Equal(Minted - Fees, SumOfBalances);
        Assert.Equal(Chain.State.TotalSupply, SumOfBalances);
        var network = SystemNetwork.Parameters;
        var premine = network.Premine.Aggregate(0UL, (s, p) => s + p.Amount);
        Assert.True(Minted <= premine + (Height * network.BlockSubsidy) + Fees, $"minted {Minted} exceeds premine + subsidies + fees");
    }
}
