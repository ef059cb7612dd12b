using AspireChain.AppHost.Dashboard.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AspireChain.AppHost.Dashboard.Api;

/// <summary>The resources surface: what the orchestrator runs, each resource's console output, and start/stop/restart.</summary>
internal static class ResourcesApi
{
    /// <summary>
    /// Header a command request must carry. A cross-site page cannot add it without a CORS preflight (which is never
    /// granted), so a malicious web page in the same browser cannot stop resources through the dashboard.
    /// </summary>
    public const string CommandHeader = "X-AspireChain-Command";

    private static readonly string[] Commands = ["start", "stop", "restart"];

    public static void MapResourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", GetResources);
        api.MapGet("/{name}/logs", GetConsoleLogs);
        api.MapPost("/{name}/{command}", ExecuteCommandAsync).DisableAntiforgery();
    }

    private static Ok<IReadOnlyList<ResourceSnapshot>> GetResources(IResourceSource resources) =>
        TypedResults.Ok(resources.GetResources());

    private static Results<Ok<IReadOnlyList<ConsoleLogLine>>, NotFound> GetConsoleLogs(
        IResourceSource resources, string name, long after = 0, int max = 1000)
    {
        if (!resources.GetResources().Any(resource => resource.Name == name))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(resources.GetConsoleLogs(name, after, Math.Clamp(max, 1, 5000)));
    }

    private static async Task<Results<Accepted<CommandResult>, NotFound, BadRequest<CommandResult>>> ExecuteCommandAsync(
        HttpRequest request, IResourceSource resources, string name, string command, CancellationToken cancellationToken)
    {
        if (!request.Headers.ContainsKey(CommandHeader))
        {
            return TypedResults.BadRequest(new CommandResult(name, command, false, $"Commands need the {CommandHeader} header."));
        }

        if (!Commands.Contains(command, StringComparer.Ordinal))
        {
            return TypedResults.BadRequest(new CommandResult(name, command, false, $"Unknown command '{command}'; use start, stop or restart."));
        }

        if (!resources.GetResources().Any(resource => resource.Name == name))
        {
            return TypedResults.NotFound();
        }

        var done = await resources.ExecuteCommandAsync(name, command, cancellationToken).ConfigureAwait(false);
        return done
            ? TypedResults.Accepted((string?)null, new CommandResult(name, command, true, null))
            : TypedResults.BadRequest(new CommandResult(name, command, false, "The orchestrator refused the command."));
    }
}
