using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace AspireChain.Ledger;

/// <summary>
/// The chain state after one height, enough to go on without the blocks before it: every account (sorted by address)
/// and the headers the consensus rules read next (retarget window, median time past) ending at the snapshot's tip. Its
/// binary form is what a <see cref="SnapshotManifest"/> chunks and signs; <see cref="Check"/> ties it to the chain (the
/// recomputed state root must be the one the tip header commits to).
/// </summary>
public sealed class ChainSnapshot
{
    /// <summary>First bytes of the binary form ("ACSS").</summary>
    public const uint Magic = 0x41435353;

    /// <summary>Format version of the binary form.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Bytes of one account entry: address, balance, nonce.</summary>
    public const int AccountSize = Address.Size + 8 + 8;

    private const int PrefixSize = 4 + 1 + 8 + 4;

    /// <summary>Wraps the parts; nothing is checked here (see <see cref="Check"/>).</summary>
    public ChainSnapshot(ulong height, IReadOnlyList<BlockHeader> headers, IReadOnlyList<KeyValuePair<Address, Account>> accounts)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(accounts);
        if (headers.Count == 0) throw new ArgumentException("A snapshot holds at least its tip header.", nameof(headers));
        Height = height;
        Headers = headers;
        Accounts = accounts;
    }

    /// <summary>The height whose state this is.</summary>
    public ulong Height { get; }

    /// <summary>Consecutive headers ending at <see cref="Height"/>.</summary>
    public IReadOnlyList<BlockHeader> Headers { get; }

    /// <summary>Every account with a non-default state, sorted by address bytes.</summary>
    public IReadOnlyList<KeyValuePair<Address, Account>> Accounts { get; }

    /// <summary>The tip's header.</summary>
    public BlockHeader TipHeader => Headers[^1];

    /// <summary>Byte length of the binary form.</summary>
    public int Size => PrefixSize + Headers.Count * BlockHeader.Size + 4 + Accounts.Count * AccountSize;

    /// <summary>The canonical account list: non-default accounts sorted by address bytes.</summary>
    public static KeyValuePair<Address, Account>[] Sorted(IEnumerable<KeyValuePair<Address, Account>> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var entries = accounts.Where(a => a.Value != default).ToArray();
        Array.Sort(entries, static (x, y) => Compare(x.Key, y.Key));
        return entries;
    }

    /// <summary>The binary form: magic(4) version(1) height(8) header count(4) headers, account count(4) accounts.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, Magic);
        span[4] = FormatVersion;
        BinaryPrimitives.WriteUInt64BigEndian(span[5..], Height);
        BinaryPrimitives.WriteInt32BigEndian(span[13..], Headers.Count);
        var at = PrefixSize;
        foreach (var header in Headers)
        {
            header.WriteTo(span[at..]);
            at += BlockHeader.Size;
        }
        BinaryPrimitives.WriteInt32BigEndian(span[at..], Accounts.Count);
        at += 4;
        foreach (var (address, account) in Accounts)
        {
            address.WriteTo(span[at..]);
            BinaryPrimitives.WriteUInt64BigEndian(span[(at + Address.Size)..], account.Balance);
            BinaryPrimitives.WriteUInt64BigEndian(span[(at + Address.Size + 8)..], account.Nonce);
            at += AccountSize;
        }
        return bytes;
    }

    /// <summary>Reads the binary form without throwing; fails on any length, magic or header encoding that is off.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, [NotNullWhen(true)] out ChainSnapshot? snapshot, out ValidationResult error)
    {
        snapshot = null;
        if (source.Length < PrefixSize + 4 || BinaryPrimitives.ReadUInt32BigEndian(source) != Magic || source[4] != FormatVersion)
            return Fail("not a version 1 chain snapshot", out error);
        var height = BinaryPrimitives.ReadUInt64BigEndian(source[5..]);
        var headerCount = BinaryPrimitives.ReadInt32BigEndian(source[13..]);
        if (headerCount < 1 || (long)headerCount * BlockHeader.Size > source.Length - PrefixSize - 4)
            return Fail($"header count {headerCount} does not fit {source.Length} bytes", out error);
        var headers = new BlockHeader[headerCount];
        var at = PrefixSize;
        for (var i = 0; i < headerCount; i++)
        {
            if (!BlockHeader.TryRead(source.Slice(at, BlockHeader.Size), out var header, out error))
            {
                error = error with { Detail = $"header {i}: {error.Detail}" };
                return false;
            }
            headers[i] = header;
            at += BlockHeader.Size;
        }
        var accountCount = BinaryPrimitives.ReadInt32BigEndian(source[at..]);
        at += 4;
        if (accountCount < 0 || (long)accountCount * AccountSize != source.Length - at)
            return Fail($"account count {accountCount} does not match the {source.Length - at} bytes left", out error);
        var accounts = new KeyValuePair<Address, Account>[accountCount];
        for (var i = 0; i < accountCount; i++)
        {
            accounts[i] = new(
                new Address(source.Slice(at, Address.Size)),
                new Account(BinaryPrimitives.ReadUInt64BigEndian(source[(at + Address.Size)..]), BinaryPrimitives.ReadUInt64BigEndian(source[(at + Address.Size + 8)..])));
            at += AccountSize;
        }
        snapshot = new ChainSnapshot(height, headers, accounts);
        error = ValidationResult.Ok;
        return true;
    }

    /// <summary>
    /// Ties the content to the chain of <paramref name="network"/>: consecutive, hash-linked headers ending at the height
    /// (as many as the rules read, or back to this network's genesis), accounts canonical (sorted, unique, non-default,
    /// supply without overflow), and the accounts' recomputed state root equal to the one the tip header commits to
    /// (<c>bad-state-root</c>). The tip header itself is trusted only through a signature over its hash (the manifest's).
    /// </summary>
    public ValidationResult Check(NetworkParameters network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var window = DifficultyAdjustment.HeaderWindow(network);
        if ((ulong)Headers.Count < Math.Min((ulong)window, Height + 1))
            return ValidationResult.Fail(RejectReason.BadSnapshot, $"{Headers.Count} headers; the rules read {window}");
        if (TipHeader.Height != Height)
            return ValidationResult.Fail(RejectReason.BadSnapshot, $"the last header is at height {TipHeader.Height}, the snapshot at {Height}");
        for (var i = 1; i < Headers.Count; i++)
        {
            if (Headers[i].Height != Headers[i - 1].Height + 1 || Headers[i].PreviousHash != Headers[i - 1].ComputeHash())
                return ValidationResult.Fail(RejectReason.BadSnapshot, $"header {Headers[i].Height} does not extend header {Headers[i - 1].Height}");
        }
        if (Headers[0].Height == 0 && Headers[0].ComputeHash() != Genesis.Create(network).Hash)
            return ValidationResult.Fail(RejectReason.BadSnapshot, $"its genesis is not network {network.Name}'s");
        ulong supply = 0;
        for (var i = 0; i < Accounts.Count; i++)
        {
            if (Accounts[i].Value == default)
                return ValidationResult.Fail(RejectReason.BadSnapshot, $"account {Accounts[i].Key} is empty (empty accounts are left out)");
            if (i > 0 && Compare(Accounts[i - 1].Key, Accounts[i].Key) >= 0)
                return ValidationResult.Fail(RejectReason.BadSnapshot, $"accounts are not sorted and unique at {Accounts[i].Key}");
            supply = unchecked(supply + Accounts[i].Value.Balance);
            if (supply < Accounts[i].Value.Balance)
                return ValidationResult.Fail(RejectReason.AmountOverflow, "the balances overflow the supply");
        }
        var root = StateCommitment.ComputeRoot(Accounts);
        if (root != TipHeader.StateRoot)
            return ValidationResult.Fail(RejectReason.BadStateRoot, $"the accounts give state root {root}; block {Height} commits to {TipHeader.StateRoot}");
        return ValidationResult.Ok;
    }

    private static int Compare(Address x, Address y)
    {
        Span<byte> a = stackalloc byte[Address.Size];
        Span<byte> b = stackalloc byte[Address.Size];
        x.WriteTo(a);
        y.WriteTo(b);
        return a.SequenceCompareTo(b);
    }

    private static bool Fail(string detail, out ValidationResult error)
    {
        error = ValidationResult.Fail(RejectReason.Malformed, detail);
        return false;
    }
}
