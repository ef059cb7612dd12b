namespace AspireChain.SystemBench.Hosting;

/// <summary>
/// One measured unit of work: a service instance's process tree (the launcher and the service under it), or a group of
/// threads of one process (the embedded broker runs inside the AppHost, which is the bench process).
/// </summary>
/// <param name="Name">The instance name, e.g. <c>miner-x7k2f9qa</c>.</param>
/// <param name="Service">The service it belongs to, e.g. <c>miner</c>; per-service rows sum its instances.</param>
/// <param name="ProcessId">The root process.</param>
/// <param name="IncludeDescendants">Count the root's descendants too (a service launched through <c>dotnet run</c> is a child of the recorded process).</param>
/// <param name="ThreadPrefix">When set, only the root's threads whose name starts with it.</param>
/// <param name="ExcludeThreadPrefix">When set, the root's threads whose name starts with it are left out (another row counts them).</param>
public sealed record ServiceProcess(
    string Name, string Service, int ProcessId, bool IncludeDescendants = true, string? ThreadPrefix = null, string? ExcludeThreadPrefix = null);
