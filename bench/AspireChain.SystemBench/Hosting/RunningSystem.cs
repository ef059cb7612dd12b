using AspireChain.SystemBench.Measure;

namespace AspireChain.SystemBench.Hosting;

/// <summary>
/// A system someone else started (<c>dotnet run --project AppHost</c>, or services elsewhere): the bench only knows its
/// URLs, and measures the local processes whose command line names a service's assembly.
/// </summary>
public sealed class RunningSystem(Uri ingest, Uri chainQuery, string description) : ISystemUnderTest
{
    private static readonly (string Assembly, string Service)[] Assemblies =
    [
        ("AspireChain.TransactionIngest", "ingest"),
        ("AspireChain.Miner", "miner"),
        ("AspireChain.Validator", "validator"),
        ("AspireChain.ChainQuery", "chainquery"),
        ("AspireChain.AppHost", "apphost"),
    ];

    /// <inheritdoc />
    public Uri Ingest { get; } = ingest;

    /// <inheritdoc />
    public Uri ChainQuery { get; } = chainQuery;

    /// <inheritdoc />
    public int? Miners => Processes().Count(p => p.Service == "miner") is var n && n > 0 ? n : null;

    /// <inheritdoc />
    public string Description { get; } = description;

    /// <inheritdoc />
    /// <remarks>Read from a service process's environment (<c>DataDirectory</c>, as the AppHost sets it).</remarks>
    public string? DataDirectory => Processes().Where(p => p.Service != "apphost")
        .Select(p => ProcFileSystem.EnvironmentVariable(p.ProcessId, "DataDirectory"))
        .FirstOrDefault(d => !string.IsNullOrEmpty(d));

    /// <inheritdoc />
    public IReadOnlyList<ServiceProcess> Processes()
    {
        // The service itself, not its `dotnet run` launcher (whose command line names the project, not the assembly).
        var found = new List<ServiceProcess>();
        foreach (var (pid, commandLine) in ProcFileSystem.CommandLines())
        {
            foreach (var (assembly, service) in Assemblies)
            {
                if (commandLine.Contains(assembly + ".dll", StringComparison.Ordinal) || commandLine.Split('\0')[0].EndsWith("/" + assembly, StringComparison.Ordinal))
                {
                    found.Add(new ServiceProcess($"{service}-{pid}", service, pid, IncludeDescendants: false));
                }
            }
        }

        return found;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
