using System.Net.Http.Json;

namespace AspireChain.AppHost.AppModel;

/// <summary>What the dashboard offers on ChainQuery: a link to its block explorer and a "Verify chain" command.</summary>
public static class ChainQueryCommands
{
    /// <summary>The verify command's name.</summary>
    public const string VerifyChain = "verify-chain";

    /// <summary>How long the command waits for the run's verdict before it reports the run still going.</summary>
    public static readonly TimeSpan VerdictWait = TimeSpan.FromMinutes(2);

    /// <summary>Shows the explorer (the endpoint's root page) as the resource's link.</summary>
    public static IResourceBuilder<ProjectResource> WithExplorer(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithUrlForEndpoint("http", url => url.DisplayText = "Block explorer");
    }

    /// <summary>
    /// Starts a verification run (<c>POST /chain/verify</c>: every block added since the last valid run, against every
    /// rule, and the read model against the replay), waits up to <see cref="VerdictWait"/> for its verdict and says it.
    /// The services run in Development under the AppHost, where the operation needs no operator token.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithVerifyChainCommand(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithHttpCommand("/chain/verify", "Verify chain", commandName: VerifyChain, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Re-validates the blocks stored since the last valid run (proof of work, linkage, Merkle roots, signatures, balances) and compares the read model with the replayed chain.",
            IconName = "ShieldCheckmark",
            GetCommandResult = async context =>
            {
                if (!context.Response.IsSuccessStatusCode)
                {
                    var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
                    return CommandResults.Failure($"chainquery answered {(int)context.Response.StatusCode}: {body}");
                }

                var run = await context.Response.Content.ReadFromJsonAsync<Run>(context.CancellationToken).ConfigureAwait(false);
                if (run is null || context.Response.RequestMessage?.RequestUri is not { } posted)
                {
                    return CommandResults.Failure("chainquery sent no verification run.");
                }

                var location = new Uri(posted, context.Response.Headers.Location ?? new Uri($"/chain/verify/{run.Id}", UriKind.Relative));
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
                wait.CancelAfter(VerdictWait);
                try
                {
                    while (run is { State: "running" })
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(500), wait.Token).ConfigureAwait(false);
                        run = await context.HttpClient.GetFromJsonAsync<Run>(location, wait.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
                {
                    return CommandResults.Failure($"No verdict yet: run {run!.Id} is still running after {VerdictWait.TotalMinutes:0} min ({run.BlocksChecked} of {run.BlocksTotal} blocks); its verdict will be at {location}.");
                }

                return run switch
                {
                    null => CommandResults.Failure("chainquery sent no verdict."),
                    { Valid: true } => CommandResults.Success($"Valid: {run.BlocksChecked} blocks checked ({run.Mode}), height {run.Height}, {run.TransfersChecked} signatures in {run.DurationMs} ms."),
                    { State: "invalid" } => CommandResults.Failure($"Invalid at height {run.FirstBadHeight}: {run.Reason} {run.Detail}"),
                    _ => CommandResults.Failure($"Run {run.Id} ended {run.State} without a verdict: {run.Detail}"),
                };
            },
        });
    }

    private sealed record Run(long Id, string State, bool Valid, string? Mode, long Height, long BlocksChecked, long BlocksTotal, long TransfersChecked, long DurationMs, long? FirstBadHeight, string? Reason, string? Detail);
}
