using AspireChain.Ledger;
using AspireChain.Validator.Storage;

namespace AspireChain.Validator.Chain;

/// <summary>
/// The accepted chain in memory, mirrored in the <see cref="ValidatorStore"/> with the offsets it reflects. Rebuilt from
/// the store at start-up (never from the whole topic, DESIGN rule 5). Thread-safe: the HTTP status endpoint reads it.
/// </summary>
internal sealed class ValidatorChain : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Ledger.Chain _chain;
    private readonly ValidatorStore _store;

    public ValidatorChain(NetworkParameters network, ValidatorStore store)
    {
        _chain = new Ledger.Chain(network);
        _store = store;
        foreach (var json in store.ReadBlocks())
        {
            var block = Block.ParseJson(System.Text.Encoding.UTF8.GetBytes(json));
            // Re-validated on load: a damaged store must fail loudly, not serve a wrong chain. "now" = the block's time.
            var result = _chain.TryAppend(block, block.Header.Timestamp);
            if (!result.IsValid)
            {
                throw new InvalidDataException($"Stored block {block.Height} {block.Hash} does not extend the stored chain: {result}");
            }
        }
    }

    public NetworkParameters Network => _chain.Network;

    /// <summary>The next <c>candidates</c> offset to process.</summary>
    public long NextCandidateOffset
    {
        get
        {
            lock (_gate)
            {
                return _store.NextCandidateOffset;
            }
        }
    }

    /// <summary>The next <c>blocks</c> offset to read when catching up.</summary>
    public long NextBlocksOffset
    {
        get
        {
            lock (_gate)
            {
                return _store.NextBlocksOffset;
            }
        }
    }

    public (ulong Height, Hash256 Hash) Tip
    {
        get
        {
            lock (_gate)
            {
                return (_chain.Height, _chain.TipHash);
            }
        }
    }

    public bool Contains(Hash256 hash)
    {
        lock (_gate)
        {
            return _chain.ContainsBlock(hash);
        }
    }

    /// <summary>Validates <paramref name="block"/> against every rule and, when valid, extends the in-memory chain (not yet the store).</summary>
    public ValidationResult TryExtend(Block block, long now)
    {
        lock (_gate)
        {
            return _chain.TryAppend(block, now);
        }
    }

    /// <summary>Takes back the tip after its publication failed, so memory matches what the store and the topic hold.</summary>
    public void Retract(Block block)
    {
        lock (_gate)
        {
            if (_chain.TipHash == block.Hash)
            {
                _chain.RemoveTip();
            }
        }
    }

    /// <summary>Makes an extension durable together with the offsets it moves.</summary>
    public void Persist(Block block, long? nextCandidateOffset, long? nextBlocksOffset)
    {
        lock (_gate)
        {
            _store.Append((long)block.Height, block.Hash.ToString(), System.Text.Encoding.UTF8.GetString(block.ToJson()), nextCandidateOffset, nextBlocksOffset);
        }
    }

    /// <summary>Moves the offsets past messages that changed nothing (rejections, redeliveries).</summary>
    public void Advance(long? nextCandidateOffset, long? nextBlocksOffset)
    {
        lock (_gate)
        {
            _store.Advance(nextCandidateOffset, nextBlocksOffset);
        }
    }

    public void Dispose() => _store.Dispose();
}
