using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace AspireChain.AppHost.AppModel;

/// <summary>
/// "Mine a block now" on a miner replica: its <c>POST /mine</c> (the seed's on-demand mining) from the dashboard, sent the
/// way the miner requires: a JSON request with the run's operator token, which only the AppHost and the miners hold.
/// </summary>
public static class MinerCommands
{
    /// <summary>The command's name.</summary>
    public const string MineNow = "mine-now";

    /// <summary>The operator token's parameter: set <c>Parameters:miner-operator-token</c> to pin it, else each run draws one.</summary>
    public const string OperatorTokenParameter = "miner-operator-token";

    /// <summary>The environment variable the token reaches a miner in (<c>Miner:OperatorToken</c>).</summary>
    public const string OperatorTokenVariable = "Miner__OperatorToken";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    /// <summary>Gives every replica of the miner the run's operator token (a secret parameter) and adds the command, which sends it.</summary>
    public static IResourceBuilder<ProjectResource> WithMineNowCommand(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var token = builder.ApplicationBuilder.AddParameter(OperatorTokenParameter, new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true);
        builder.ApplicationBuilder.Services.AddHttpClient(MineNow, http => http.Timeout = Timeout);
        return builder.WithEnvironment(OperatorTokenVariable, token).WithCommand(MineNow, "Mine a block now", context => MineAsync(context, token.Resource), new CommandOptions
        {
            Description = "Cuts a block from this replica's mempool now (even an empty one), mines it and publishes the candidate.",
            IconName = "Hammer",
            IsHighlighted = true,
            UpdateState = context => context.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });
    }

    private static async Task<ExecuteCommandResult> MineAsync(ExecuteCommandContext context, ParameterResource token)
    {
        var replica = ReplicaEndpoint.Find(context.Services.GetRequiredService<ResourceNotificationService>(), context.ResourceName);
        if (replica is null)
        {
            return CommandResults.Failure($"{context.ResourceName} has no HTTP address yet.");
        }

        using var http = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient(MineNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(replica, "/mine"))
        {
            // JSON, so no cross-site form could have sent it; the token, so no stranger could.
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.GetValueAsync(context.CancellationToken).ConfigureAwait(false));
        using var response = await http.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
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
