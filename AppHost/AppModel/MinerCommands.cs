using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AspireChain.AppHost.AppModel;

/// <summary>"Mine a block now" on a miner replica: its <c>POST /mine</c> (the seed's on-demand mining) from the dashboard.</summary>
public static class MinerCommands
{
    /// <summary>The command's name.</summary>
    public const string MineNow = "mine-now";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    /// <summary>Adds the command to every replica of the miner.</summary>
    public static IResourceBuilder<ProjectResource> WithMineNowCommand(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ApplicationBuilder.Services.AddHttpClient(MineNow, http => http.Timeout = Timeout);
        return builder.WithCommand(MineNow, "Mine a block now", MineAsync, new CommandOptions
        {
            Description = "Cuts a block from this replica's mempool now (even an empty one), mines it and publishes the candidate.",
            IconName = "Hammer",
            IsHighlighted = true,
            UpdateState = context => context.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });
    }

    private static async Task<ExecuteCommandResult> MineAsync(ExecuteCommandContext context)
    {
        var replica = ReplicaEndpoint.Find(context.Services.GetRequiredService<ResourceNotificationService>(), context.ResourceName);
        if (replica is null)
        {
            return CommandResults.Failure($"{context.ResourceName} has no HTTP address yet.");
        }

        using var http = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient(MineNow);
        using var response = await http.PostAsync(new Uri(replica, "/mine"), content: null, context.CancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return CommandResults.Failure($"{context.ResourceName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false)}");
        }

        var mined = await response.Content.ReadFromJsonAsync<MinedCandidate>(context.CancellationToken).ConfigureAwait(false);
        return CommandResults.Success(mined is null
            ? "Mined."
            : $"Published candidate {mined.Hash[..16]}… at height {mined.Height} with {mined.Transactions} transfer(s).");
    }

    private sealed record MinedCandidate(ulong Height, string Hash, int Transactions, ulong Nonce);
}
