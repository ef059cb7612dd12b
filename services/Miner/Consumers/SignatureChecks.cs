using System.Diagnostics;
using AspireChain.Contracts.Telemetry;
using AspireChain.Miner.Telemetry;

namespace AspireChain.Miner.Consumers;

/// <summary>
/// Counts how the transfers this replica read had their signature checked: vouched for by ingest's attestation, or
/// verified here because the record carried no valid tag. <c>GET /miner</c> reports both; the metric splits them by tag.
/// </summary>
internal sealed class SignatureChecks(MinerTelemetry telemetry)
{
    private static readonly KeyValuePair<string, object?> AttestedTag = new(ChainAttributes.SignatureCheck, "attested");
    private static readonly KeyValuePair<string, object?> VerifiedTag = new(ChainAttributes.SignatureCheck, "verified");

    private long _attested;
    private long _verified;

    /// <summary>Transfers admitted on ingest's word.</summary>
    public long Attested => Interlocked.Read(ref _attested);

    /// <summary>Transfers whose signature this replica verified.</summary>
    public long Verified => Interlocked.Read(ref _verified);

    /// <summary>Counts one transfer, and tags its <c>process</c> span with how it was checked.</summary>
    public void Record(bool attested, Activity? activity)
    {
        var tag = attested ? AttestedTag : VerifiedTag;
        Interlocked.Increment(ref attested ? ref _attested : ref _verified);
        telemetry.SignaturesChecked.Add(1, tag);
        activity?.SetTag(tag.Key, tag.Value);
    }
}
