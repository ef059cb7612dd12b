namespace AspireChain.Testing;

/// <summary>One record read back from a topic, as a test compares it (partition, offset, key and raw value).</summary>
public sealed record TopicRecord(int Partition, long Offset, string? Key, byte[] Value);
