using System.Net;
using System.Net.Http.Json;

namespace AspireChain.LoadGenerator.Services;

/// <summary>Reads ChainQuery's HTTP API: transaction statuses, accounts and chain figures.</summary>
public sealed class ChainQueryClient(HttpClient http)
{
    private const string Service = "ChainQuery";

    /// <summary>The status of a transaction, or null while ChainQuery has not seen it.</summary>
    public Task<TransactionStatusView?> GetStatusAsync(string id, CancellationToken cancellationToken) =>
        Call(cancellationToken, async () =>
        {
            using var response = await http.GetAsync(new Uri($"/transactions/{id}", UriKind.Relative), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync(ServiceJsonContext.Default.TransactionStatusView, cancellationToken);
        });

    /// <summary>An account's balance and next nonce (zero for an address never seen).</summary>
    public Task<AccountView> GetAccountAsync(string address, CancellationToken cancellationToken) =>
        Call(cancellationToken, async () => await http.GetFromJsonAsync(new Uri($"/addresses/{address}?pageSize=1", UriKind.Relative), ServiceJsonContext.Default.AccountView, cancellationToken)
            ?? throw new ServiceRefusedException($"ChainQuery answered null for address {address}."));

    /// <summary>Chain-wide figures (height, counts).</summary>
    public Task<ChainStatsView> GetStatsAsync(CancellationToken cancellationToken) =>
        Call(cancellationToken, async () => await http.GetFromJsonAsync(new Uri("/stats", UriKind.Relative), ServiceJsonContext.Default.ChainStatsView, cancellationToken)
            ?? throw new ServiceRefusedException("ChainQuery answered null to /stats."));

    private async Task<T> Call<T>(CancellationToken cancellationToken, Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new ServiceUnreachableException(Service, http.BaseAddress!, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceUnreachableException(Service, http.BaseAddress!, e);
        }
        catch (HttpRequestException e)
        {
            throw new ServiceRefusedException($"ChainQuery answered {(int)e.StatusCode!}: {e.Message}");
        }
    }
}
