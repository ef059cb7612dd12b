namespace AspireChain.AppHost.Dashboard.Resources;

/// <summary>What the dashboard needs from the orchestrator: live resource state, console logs, commands.</summary>
public interface IResourceSource
{
    /// <summary>A snapshot of every resource the orchestrator knows, in display order.</summary>
    IReadOnlyList<ResourceSnapshot> GetResources();

    /// <summary>Console lines of one resource with a line number greater than <paramref name="afterLineNumber"/>, oldest first.</summary>
    IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName, long afterLineNumber, int maxLines);

    /// <summary>Runs "start" | "stop" | "restart" on a resource; false when the resource or command is unknown.</summary>
    Task<bool> ExecuteCommandAsync(string resourceName, string command, CancellationToken cancellationToken);
}
