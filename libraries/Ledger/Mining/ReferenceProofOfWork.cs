using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>The plain BCL miner: one <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> over the full header per nonce. The reference the fast miner is tested against.</summary>
public sealed class ReferenceProofOfWork : NonceSearch
{
    /// <summary>Shared instance (stateless).</summary>
    public static ReferenceProofOfWork Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "reference";

    /// <inheritdoc />
    protected override uint ChunkSize => 2_048;

    internal override NonceWorker CreateWorker(BlockHeader template) => new Worker(template);

    private sealed class Worker : NonceWorker
    {
        private readonly byte[] _header = new byte[BlockHeader.Size];
        private readonly byte[] _digest = new byte[Hash256.Size];
        private readonly Hash256 _target;

        public Worker(BlockHeader template)
        {
            template.WriteTo(_header);
            _target = template.Target.Value;
        }

        public override bool TrySearch(ulong start, uint count, out ulong nonce)
        {
            var header = _header.AsSpan();
            var nonceBytes = header[BlockHeader.NonceOffset..];
            for (uint i = 0; i < count; i++)
            {
                nonce = unchecked(start + i);
                BinaryPrimitives.WriteUInt64BigEndian(nonceBytes, nonce);
                SHA256.HashData(header, _digest);
                if (new Hash256(_digest) <= _target) return true;
            }
            nonce = 0;
            return false;
        }
    }
}
