using System.Net.Http.Json;
using AspireChain.Testing;
using AspireChain.Testing.Aspire;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// Every reader of <c>blocks</c> in a running system (each miner, each validator, ChainQuery): what each one follows
/// (<c>/following</c>) and what its health says (<c>/health/report</c>), so a scenario asserts on all of them at once.
/// </summary>
internal sealed class Readers(ResourceMonitor resources)
{
    /// <summary>The replicas that follow <c>blocks</c>.</summary>
    public IReadOnlyList<string> All => [.. resources.Replicas("miner"), .. resources.Replicas("validator"), .. resources.Replicas("chainquery")];

    public async Task<FollowingView> FollowingAsync(string replica, CancellationToken cancellationToken)
    {
        using var http = resources.CreateHttpClient(replica);
        return await http.GetFromJsonAsync(new Uri("/following", UriKind.Relative), ServiceJsonContext.Default.FollowingView, cancellationToken)
            ?? throw new InvalidOperationException($"{replica} answered null to /following.");
    }

    public async Task<HealthReportView> HealthAsync(string replica, CancellationToken cancellationToken)
    {
        using var http = resources.CreateHttpClient(replica);
        // 503 when unhealthy, with the same body: read it whatever the status.
        using var response = await http.GetAsync(new Uri("/health/report", UriKind.Relative), cancellationToken);
        return await response.Content.ReadFromJsonAsync(ServiceJsonContext.Default.HealthReportView, cancellationToken)
            ?? throw new InvalidOperationException($"{replica} answered null to /health/report.");
    }

    /// <summary>
    /// Waits until every reader has recorded a fault for each offset in <paramref name="offsets"/> (stepped over, never
    /// applied) and returns them per reader.
    /// </summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<ReaderFaultView>>> WaitForFaultsAsync(IReadOnlyCollection<long> offsets, CancellationToken cancellationToken) =>
        Eventually.GetAsync<IReadOnlyDictionary<string, IReadOnlyList<ReaderFaultView>>>(
            async ct =>
            {
                var seen = new Dictionary<string, IReadOnlyList<ReaderFaultView>>(StringComparer.Ordinal);
                foreach (var reader in All)
                {
                    var following = await FollowingAsync(reader, ct);
                    seen[reader] = [.. following.RecentFaults.Where(f => f.Offset is { } o && offsets.Contains(o))];
                }

                return seen;
            },
            seen => seen.Values.All(f => f.Select(x => x.Offset).Distinct().Count() == offsets.Count),
            $"every reader to refuse the records at blocks offsets {string.Join(",", offsets)}",
            cancellationToken);

    /// <summary>Waits until every reader follows the same tip at <paramref name="height"/> or above and returns their views.</summary>
    public Task<IReadOnlyDictionary<string, FollowingView>> WaitForHeightAsync(long height, CancellationToken cancellationToken) =>
        Eventually.GetAsync<IReadOnlyDictionary<string, FollowingView>>(
            async ct =>
            {
                var views = new Dictionary<string, FollowingView>(StringComparer.Ordinal);
                foreach (var reader in All)
                {
                    views[reader] = await FollowingAsync(reader, ct);
                }

                return views;
            },
            views => views.Values.All(v => v.Height >= height) && views.Values.Select(v => (v.Height, v.TipHash)).Distinct().Count() == 1,
            $"every reader at height {height} on one tip",
            cancellationToken);
}
