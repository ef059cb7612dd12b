using AspireChain.Ledger;
using BenchmarkDotNet.Attributes;

namespace AspireChain.MicroBenchmarks;

/// <summary>
/// What the header's state root costs per block: the root over every account (sorted by address, one SHA-256 per leaf
/// and per inner node) as every miner, the Validator and every follower computes it for each block; plus what a
/// snapshot of that state costs the Validator (capture, binary form, chunking and signing) and a joining node (rebuild and check).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class StateRootBenchmarks
{
    private LedgerState _state = null!;
    private ChainSnapshot _snapshot = null!;
    private SnapshotManifest _manifest = null!;
    private Dictionary<Hash256, byte[]> _chunks = [];
    private KeyPair _validator = null!;
    private NetworkParameters _network = null!;

    /// <summary>Accounts in the state.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Accounts { get; set; }

    /// <summary>Builds a state of <see cref="Accounts"/> accounts and a signed snapshot of it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _network = NetworkParameters.Test;
        _validator = DevValidator.CreateKeyPair();
        _state = new LedgerState();
        var journal = new StateJournal();
        var random = new Random(13);
        Span<byte> address = stackalloc byte[Address.Size];
        for (var i = 0; i < Accounts; i++)
        {
            random.NextBytes(address);
            _state.TryMint(new Address(address), (ulong)random.Next(1, 1_000_000), journal);
        }

        // A linked window of 11 headers (heights 100..110) ending in a header that commits to the state.
        var root = StateCommitment.ComputeRoot(_state);
        var headers = new List<BlockHeader>();
        var previous = Hash256.Compute("before the window"u8);
        for (ulong height = 100; height <= 110; height++)
        {
            var header = new BlockHeader(_network.BlockVersion, height, previous, Hash256.Zero, height == 110 ? root : Hash256.Zero,
                _network.GenesisTimestamp + (long)height, _network.InitialTarget, Address.Zero, 0);
            headers.Add(header);
            previous = header.ComputeHash();
        }

        _snapshot = new ChainSnapshot(110, headers, ChainSnapshot.Sorted(_state.Accounts));
        var (manifest, chunks) = SnapshotManifest.Create(_snapshot, 1, 512 * 1024, _validator, _network);
        _manifest = manifest;
        _chunks = chunks.ToDictionary(c => Hash256.Compute(c));
        if (!AssembleAndVerify()) throw new InvalidOperationException("the benchmark's snapshot must verify");
    }

    /// <summary>Releases the key.</summary>
    [GlobalCleanup]
    public void Cleanup() => _validator.Dispose();

    /// <summary>The state root over every account: the per-block cost of the commitment.</summary>
    [Benchmark(Baseline = true)]
    public Hash256 StateRoot() => StateCommitment.ComputeRoot(_state);

    /// <summary>The Validator's capture of a snapshot (sorted copy of the accounts), done while it holds the chain.</summary>
    [Benchmark]
    public int Capture() => ChainSnapshot.Sorted(_state.Accounts).Length;

    /// <summary>Binary form, chunks and the signed manifest: the Validator's work per snapshot after the capture.</summary>
    [Benchmark]
    public int EncodeAndSign() => SnapshotManifest.Create(_snapshot, 1, 512 * 1024, _validator, _network).Chunks.Count;

    /// <summary>A joining node's work: signature, chunk hashes, decode and the recomputed state root.</summary>
    [Benchmark]
    public bool AssembleAndVerify() => _manifest.TryAssemble(_network, h => _chunks.GetValueOrDefault(h), out _, out _);
}
