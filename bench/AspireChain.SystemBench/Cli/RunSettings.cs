namespace AspireChain.SystemBench.Cli;

/// <summary>
/// What is passed to the AppHost a bench starts: AppHost configuration (<c>Miners</c>, <c>Chain:TargetBlockTimeMs</c>, …,
/// as <c>--Key=Value</c> on its command line) and environment variables of single resources (<c>Miner__MaxBlockTransactions</c>
/// for <c>miner</c>). Service defaults stay as they are; a run only overrides them.
/// </summary>
public sealed record RunSettings(IReadOnlyList<KeyValuePair<string, string>> Configuration, IReadOnlyList<(string Resource, string Name, string Value)> Environment)
{
    /// <summary>No overrides.</summary>
    public static RunSettings None { get; } = new([], []);

    /// <summary>These settings plus one named by a sweep or option key: <c>miners</c>, <c>block-size</c>, <c>block-time</c>, a <c>resource:NAME</c> variable, or any AppHost configuration key.</summary>
    public RunSettings With(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ToUpperInvariant() switch
        {
            "MINERS" => WithConfiguration("Miners", value),
            "BLOCK" or "BLOCK-SIZE" => WithEnvironment("miner", "Miner__MaxBlockTransactions", value),
            "BLOCK-TIME" => WithConfiguration("Chain:TargetBlockTimeMs", value),
            _ when key.Contains('=', StringComparison.Ordinal) => throw new ArgumentException($"'{key}' is not a setting name."),
            _ when key.Split(':') is [var resource, var name] && name.Contains("__", StringComparison.Ordinal) => WithEnvironment(resource, name, value),
            _ => WithConfiguration(key, value),
        };
    }

    /// <summary>One line per setting, as the report shows them.</summary>
    public IEnumerable<string> Describe() =>
        Configuration.Select(c => $"{c.Key}={c.Value}").Concat(Environment.Select(e => $"{e.Resource}:{e.Name}={e.Value}"));

    private RunSettings WithConfiguration(string key, string value) =>
        this with { Configuration = [.. Configuration.Where(c => !string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)), KeyValuePair.Create(key, value)] };

    private RunSettings WithEnvironment(string resource, string name, string value) =>
        this with { Environment = [.. Environment.Where(e => e.Resource != resource || e.Name != name), (resource, name, value)] };
}
