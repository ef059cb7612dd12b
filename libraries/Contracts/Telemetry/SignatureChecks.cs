using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AspireChain.Contracts.Telemetry;

/// <summary>
/// Counts how transfer signatures were checked by a service that can trust ingest's attestation: attested (not
/// verified again) or verified here. The service's status endpoint reports both totals; the counter splits them by
/// <see cref="ChainAttributes.SignatureCheck"/>.
/// </summary>
/// <param name="counter">The service's counter (<c>aspirechain.*.signatures.checked</c>).</param>
public sealed class SignatureChecks(Counter<long> counter)
{
    private static readonly KeyValuePair<string, object?> AttestedTag = new(ChainAttributes.SignatureCheck, "attested");
    private static readonly KeyValuePair<string, object?> VerifiedTag = new(ChainAttributes.SignatureCheck, "verified");

    private long _attested;
    private long _verified;

    /// <summary>Transfers admitted on ingest's word.</summary>
    public long Attested => Interlocked.Read(ref _attested);

    /// <summary>Transfers whose signature this service verified.</summary>
    public long Verified => Interlocked.Read(ref _verified);

    /// <summary>Counts one transfer and tags <paramref name="activity"/> with how it was checked.</summary>
    public void Record(bool attested, Activity? activity)
    {
        Record(attested ? 1 : 0, attested ? 0 : 1);
        var tag = attested ? AttestedTag : VerifiedTag;
        activity?.SetTag(tag.Key, tag.Value);
    }

    /// <summary>Counts a batch: <paramref name="attested"/> attested by ingest, <paramref name="verified"/> verified here.</summary>
    public void Record(long attested, long verified)
    {
        if (attested > 0)
        {
            Interlocked.Add(ref _attested, attested);
            counter.Add(attested, AttestedTag);
        }

        if (verified > 0)
        {
            Interlocked.Add(ref _verified, verified);
            counter.Add(verified, VerifiedTag);
        }
    }
}
