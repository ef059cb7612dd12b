using AspireChain.Following;
using AspireChain.Miner.Health;
using AspireChain.Miner.Options;
using AspireChain.Miner.State;
using AspireChain.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.Miner.Tests;

/// <summary>A miner is ready only once the miners' group has given it partitions: until then no transfer can be mined.</summary>
public sealed class MinerReadinessHealthCheckTests
{
    [Fact]
    public async Task Unhealthy_until_the_first_assignment_then_healthy_naming_the_partitions_even_after_a_revoke()
    {
        var state = new MinerState(new FollowedChain(CandidateForge.Network), Microsoft.Extensions.Options.Options.Create(new MinerOptions()));
        var check = new MinerReadinessHealthCheck(state);

        var joining = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, joining.Status);
        Assert.Contains("joining the miners' group", joining.Description, StringComparison.Ordinal);

        state.PartitionsAssigned([2, 5]);
        var mining = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal((HealthStatus.Healthy, "mining transactions partitions 2,5"), (mining.Status, mining.Description));

        // A later rebalance takes the partitions away for a moment: the replica stays ready, the description says so.
        state.PartitionsRevoked([2, 5]);
        var empty = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, empty.Status);
        Assert.Contains("no partitions", empty.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_first_assignment_is_ready_too_when_there_are_more_miners_than_partitions()
    {
        var state = new MinerState(new FollowedChain(CandidateForge.Network), Microsoft.Extensions.Options.Options.Create(new MinerOptions()));
        state.PartitionsAssigned([]);

        var result = await new MinerReadinessHealthCheck(state).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("more miners than transactions partitions", result.Description, StringComparison.Ordinal);
    }
}
