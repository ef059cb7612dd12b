using System.Security.Cryptography;

namespace AspireChain.Ledger;

/// <summary>
/// Imported P-256 verification keys, one small cache per thread. Importing a key (which validates the point) costs
/// several verifications, while senders sign many transactions; per-thread caches never share an ECDsa instance
/// across threads, so no assumption about OpenSSL's thread safety is needed.
/// </summary>
internal static class VerifierCache
{
    private const int CapacityPerThread = 1_024;

    [ThreadStatic]
    private static Dictionary<Address, (byte[] Encoded, ECDsa Verifier)>? t_verifiers;

    [ThreadStatic]
    private static int t_generation;

    private static int s_generation;

    /// <summary>Makes every thread start cold on its next use (benchmarks measure first-sight keys with it).</summary>
    public static void Invalidate() => Interlocked.Increment(ref s_generation);

    /// <summary>The verifier for an encoded key, importing it on first use on this thread; null when the point is invalid.</summary>
    public static ECDsa? Get(Address address, ReadOnlySpan<byte> encoded)
    {
        var verifiers = t_verifiers ??= new Dictionary<Address, (byte[], ECDsa)>(CapacityPerThread);
        var generation = Volatile.Read(ref s_generation);
        if (t_generation != generation)
        {
            Clear(verifiers);
            t_generation = generation;
        }
        if (verifiers.TryGetValue(address, out var cached) && encoded.SequenceEqual(cached.Encoded)) return cached.Verifier;

        ECDsa verifier;
        try
        {
            verifier = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = encoded[1..33].ToArray(), Y = encoded[33..65].ToArray() },
            });
        }
        catch (CryptographicException)
        {
            return null;
        }
        // Simple and bounded: drop everything when full; the hot senders come back within a block.
        if (verifiers.Count >= CapacityPerThread) Clear(verifiers);
        if (verifiers.Remove(address, out var replaced)) replaced.Verifier.Dispose();
        verifiers[address] = (encoded.ToArray(), verifier);
        return verifier;
    }

    private static void Clear(Dictionary<Address, (byte[] Encoded, ECDsa Verifier)> verifiers)
    {
        foreach (var (_, verifier) in verifiers.Values) verifier.Dispose();
        verifiers.Clear();
    }
}
