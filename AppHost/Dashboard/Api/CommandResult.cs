namespace AspireChain.AppHost.Dashboard.Api;

/// <summary>The answer to a start/stop/restart button, so the page can say what happened.</summary>
public sealed record CommandResult(string Resource, string Command, bool Accepted, string? Error);
