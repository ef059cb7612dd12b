using System.Net.Http.Json;

namespace AspireChain.AppHost.AppModel;

/// <summary>What the dashboard offers on ChainQuery: a link to its block explorer and a "Verify chain" command.</summary>
public static class ChainQueryCommands
{
    /// <summary>The verify command's name.</summary>
    public const string VerifyChain = "verify-chain";

    /// <summary>Shows the explorer (the endpoint's root page) as the resource's link.</summary>
    public static IResourceBuilder<ProjectResource> WithExplorer(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithUrlForEndpoint("http", url => url.DisplayText = "Block explorer");
    }

    /// <summary>Re-validates every stored block with the Ledger's rules (<c>GET /chain/verify</c>) and says the verdict.</summary>
    public static IResourceBuilder<ProjectResource> WithVerifyChainCommand(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithHttpCommand("/chain/verify", "Verify chain", commandName: VerifyChain, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Get,
            Description = "Re-validates every stored block (proof of work, linkage, Merkle roots, signatures, balances) and compares the read model with the replayed chain.",
            IconName = "ShieldCheckmark",
            GetCommandResult = async context =>
            {
                if (!context.Response.IsSuccessStatusCode)
                {
                    return CommandResults.Failure($"chainquery answered {(int)context.Response.StatusCode}.");
                }

                var verdict = await context.Response.Content.ReadFromJsonAsync<Verification>(context.CancellationToken).ConfigureAwait(false);
                return verdict switch
                {
                    null => CommandResults.Failure("chainquery sent no verdict."),
                    { Valid: true } => CommandResults.Success($"Valid: {verdict.BlocksChecked} blocks checked, height {verdict.Height}."),
                    _ => CommandResults.Failure($"Invalid at height {verdict.FirstBadHeight}: {verdict.Reason} {verdict.Detail}"),
                };
            },
        });
    }

    private sealed record Verification(bool Valid, long Height, long BlocksChecked, long? FirstBadHeight, string? Reason, string? Detail);
}
