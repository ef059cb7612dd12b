using System.Net;
using System.Net.Http.Json;
using AspireChain.Testing;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>Reads one ChainQuery instance's HTTP API and waits on it: transaction statuses, accounts, the chain, verification.</summary>
internal sealed class ChainQueryClient(HttpClient http) : IDisposable
{
    private const int PollParallelism = 8;

    public Uri? BaseAddress => http.BaseAddress;

    /// <summary>The status of a transaction, or null while ChainQuery has not seen it.</summary>
    public async Task<TransactionStatusView?> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"/transactions/{id}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(ServiceJsonContext.Default.TransactionStatusView, cancellationToken);
    }

    public async Task<AccountView> GetAccountAsync(string address, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync(new Uri($"/addresses/{address}", UriKind.Relative), ServiceJsonContext.Default.AccountView, cancellationToken)
        ?? throw new InvalidOperationException($"ChainQuery answered null for address {address}.");

    /// <summary>Starts a verification run (or joins the one running) and waits for its verdict.</summary>
    public async Task<ChainVerificationView> VerifyChainAsync(CancellationToken cancellationToken, string? arguments = null)
    {
        var run = await StartVerificationAsync(arguments, cancellationToken);
        return await Eventually.GetAsync(ct => GetVerificationAsync(run.Id, ct), r => !r.IsRunning, $"verification run {run.Id} at {BaseAddress} to finish", cancellationToken);
    }

    /// <summary>
    /// <c>POST /chain/verify</c> (<paramref name="arguments"/> as the query string): asserts 202 and the run's Location,
    /// returns the run (the one started, or the one already running). The system runs in Development: no operator token.
    /// </summary>
    public async Task<ChainVerificationView> StartVerificationAsync(string? arguments, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(arguments is null ? "/chain/verify" : $"/chain/verify?{arguments}", UriKind.Relative), null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /chain/verify at {BaseAddress}: {(int)response.StatusCode} {body}");
        var run = System.Text.Json.JsonSerializer.Deserialize(body, ServiceJsonContext.Default.ChainVerificationView)
            ?? throw new InvalidOperationException("ChainQuery answered null to POST /chain/verify.");
        Assert.Equal($"/chain/verify/{run.Id}", response.Headers.Location?.ToString());
        return run;
    }

    /// <summary>Verification run <paramref name="id"/> as it stands.</summary>
    public async Task<ChainVerificationView> GetVerificationAsync(long id, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync(new Uri($"/chain/verify/{id}", UriKind.Relative), ServiceJsonContext.Default.ChainVerificationView, cancellationToken)
        ?? throw new InvalidOperationException($"ChainQuery answered null to /chain/verify/{id}.");

    public async Task<IReadOnlyList<FollowFaultView>> GetFaultsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync(new Uri("/chain/faults", UriKind.Relative), ServiceJsonContext.Default.IReadOnlyListFollowFaultView, cancellationToken)
        ?? [];

    /// <summary>Height of the stored tip (-1 before genesis).</summary>
    public async Task<long> GetTipHeightAsync(CancellationToken cancellationToken)
    {
        var first = await GetChainPageAsync(1, 1, cancellationToken);
        return first.Items.Count == 0 ? -1 : first.Items[0].Height;
    }

    /// <summary>Every stored block summary, oldest first (walks every page of <c>/chain</c>).</summary>
    public async Task<IReadOnlyList<BlockSummaryView>> GetWholeChainAsync(CancellationToken cancellationToken)
    {
        const int pageSize = 100;
        var blocks = new List<BlockSummaryView>();
        for (var page = 1; ; page++)
        {
            var listing = await GetChainPageAsync(page, pageSize, cancellationToken);
            blocks.AddRange(listing.Items);
            if (listing.Items.Count < pageSize || (long)page * pageSize >= listing.Total)
            {
                break;
            }
        }

        blocks.Reverse();
        return blocks;
    }

    /// <summary>Waits until ChainQuery has stored the block at <paramref name="height"/>.</summary>
    public Task WaitForHeightAsync(long height, CancellationToken cancellationToken) =>
        Eventually.TrueAsync(async ct => await GetTipHeightAsync(ct) >= height, $"{BaseAddress} to reach height {height}", cancellationToken);

    /// <summary>Waits until every transaction is confirmed; fails at once when one is rejected (it never will be confirmed).</summary>
    public async Task WaitUntilConfirmedAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var remaining = ids.ToHashSet(StringComparer.Ordinal);
        string? lastSeen = null;
        while (remaining.Count > 0)
        {
            var confirmed = new System.Collections.Concurrent.ConcurrentBag<string>();
            try
            {
                await Parallel.ForEachAsync(remaining, new ParallelOptions { MaxDegreeOfParallelism = PollParallelism, CancellationToken = cancellationToken }, async (id, ct) =>
                {
                    var status = await GetStatusAsync(id, ct);
                    if (status?.Status == "rejected")
                    {
                        throw new InvalidOperationException($"Transaction {id} was rejected ({status.Reason}: {status.Detail}) where it had to be confirmed.");
                    }

                    if (status?.Status == "confirmed")
                    {
                        confirmed.Add(id);
                    }
                    else
                    {
                        lastSeen = $"{id}: {status?.Status ?? "unseen"}";
                    }
                });
            }
            catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
            {
                // ChainQuery restarting: poll again.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{remaining.Count} transaction(s) not confirmed by {BaseAddress} in time; e.g. {lastSeen}");
            }

            remaining.ExceptWith(confirmed);
            if (remaining.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{remaining.Count} transaction(s) not confirmed by {BaseAddress} in time; e.g. {lastSeen}");
                }
            }
        }
    }

    /// <summary>Waits until the transaction has a final status (confirmed or rejected) and returns it.</summary>
    public Task<TransactionStatusView?> WaitForFinalStatusAsync(string id, CancellationToken cancellationToken) =>
        Eventually.GetAsync(ct => GetStatusAsync(id, ct), s => s?.Status is "confirmed" or "rejected", $"a final status of {id}", cancellationToken);

    /// <summary>Waits until every account's confirmed nonce reached what the wallets signed (cheap: one request per wallet).</summary>
    public Task WaitForNoncesAsync(IEnumerable<Wallet> wallets, CancellationToken cancellationToken)
    {
        var expected = wallets.ToDictionary(w => w.Address.ToString(), w => (long)w.NextNonce, StringComparer.Ordinal);
        return Eventually.TrueAsync(async ct =>
        {
            var behind = 0;
            await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = PollParallelism, CancellationToken = ct }, async (pair, inner) =>
            {
                if ((await GetAccountAsync(pair.Key, inner)).Nonce < pair.Value)
                {
                    Interlocked.Increment(ref behind);
                }
            });
            return behind == 0;
        }, $"{expected.Count} wallets' nonces at {BaseAddress}", cancellationToken);
    }

    private async Task<ChainPageView> GetChainPageAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync(new Uri($"/chain?page={page}&pageSize={pageSize}", UriKind.Relative), ServiceJsonContext.Default.ChainPageView, cancellationToken)
        ?? throw new InvalidOperationException("ChainQuery answered null to /chain.");

    public void Dispose() => http.Dispose();
}
