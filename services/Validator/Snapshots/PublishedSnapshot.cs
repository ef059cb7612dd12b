namespace AspireChain.Validator.Snapshots;

/// <summary>What the last published snapshot cost, for the Validator's API and the operator.</summary>
/// <param name="Height">Snapshot height.</param>
/// <param name="Bytes">Size of its binary form.</param>
/// <param name="Chunks">Records it took.</param>
/// <param name="Accounts">Accounts it holds.</param>
/// <param name="CaptureMs">Time the chain was held to copy the state.</param>
/// <param name="PublishMs">Time to chunk, sign and publish it.</param>
/// <param name="BlocksOffset">Where a node joining from it reads <c>blocks</c> on.</param>
/// <param name="Retired">Older snapshots it retired (tombstones written under each of their keys, same transaction).</param>
public sealed record PublishedSnapshot(ulong Height, long Bytes, int Chunks, int Accounts, double CaptureMs, double PublishMs, long BlocksOffset, int Retired);
