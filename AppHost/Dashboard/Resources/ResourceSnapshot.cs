namespace AspireChain.AppHost.Dashboard.Resources;

/// <summary>One resource as the orchestrator sees it right now; the dashboard renders it as a row.</summary>
/// <param name="ResourceType">"Kafka" | "Project" | "Dashboard".</param>
/// <param name="ReplicaSet">"miner" for miner-0..n, else null.</param>
/// <param name="State">Waiting | Starting | Running | Healthy | Unhealthy | Restarting | Exited | Stopped | FailedToStart.</param>
public sealed record ResourceSnapshot(
    string Name,
    string ResourceType,
    string? ReplicaSet,
    string State,
    int RestartCount,
    int? ProcessId,
    DateTimeOffset? StartedAt,
    int? ExitCode,
    IReadOnlyList<string> Endpoints,
    IReadOnlyDictionary<string, string> Environment);
