namespace AspireChain.ServiceDefaults.Kafka;

/// <summary>A librdkafka property value that came from configuration, with the section it came from (for warnings).</summary>
public readonly record struct ConfiguredValue(string Source, string Value);
