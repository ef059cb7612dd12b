using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AspireChain.Client.Services;

/// <summary>Reads ChainQuery's HTTP API: transaction statuses, accounts, chain figures, verification and the live block stream.</summary>
public sealed class ChainQueryClient(HttpClient http)
{
    private const string Service = "ChainQuery";

    /// <summary>The base URL the client talks to.</summary>
    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>The status of a transaction, or null while ChainQuery has not seen it.</summary>
    public Task<TransactionStatusView?> GetStatusAsync(string id, CancellationToken cancellationToken) =>
        GetOrNullAsync($"/transactions/{Uri.EscapeDataString(id)}", ServiceJsonContext.Default.TransactionStatusView, cancellationToken);

    /// <summary>An account's balance, next nonce and the newest <paramref name="historySize"/> transfers (zero for an address never seen).</summary>
    public async Task<AccountView> GetAccountAsync(string address, CancellationToken cancellationToken, int historySize = 1) =>
        await GetOrNullAsync(string.Create(CultureInfo.InvariantCulture, $"/addresses/{Uri.EscapeDataString(address)}?pageSize={historySize}"), ServiceJsonContext.Default.AccountView, cancellationToken)
            ?? throw new ServiceRefusedException($"ChainQuery does not know address {address}.");

    /// <summary>Chain-wide figures (height, counts).</summary>
    public async Task<ChainStatsView> GetStatsAsync(CancellationToken cancellationToken) =>
        await GetOrNullAsync("/stats", ServiceJsonContext.Default.ChainStatsView, cancellationToken)
            ?? throw new ServiceRefusedException("ChainQuery has no /stats.");

    /// <summary>Re-validates the stored chain (<c>/chain/verify</c>).</summary>
    public async Task<ChainVerificationView> VerifyAsync(CancellationToken cancellationToken) =>
        await GetOrNullAsync("/chain/verify", ServiceJsonContext.Default.ChainVerificationView, cancellationToken)
            ?? throw new ServiceRefusedException("ChainQuery has no /chain/verify.");

    /// <summary>Which network the chain runs, or null when this ChainQuery does not say (an older one).</summary>
    public Task<NetworkView?> GetNetworkAsync(CancellationToken cancellationToken) =>
        GetOrNullAsync("/network", ServiceJsonContext.Default.NetworkView, cancellationToken);

    /// <summary>
    /// Follows <c>/events/blocks</c>: the <c>tip</c> event first, then one <c>block</c> event per applied block. A
    /// dropped stream is reopened with <c>Last-Event-ID</c> so no block is missed; ends only when cancelled.
    /// </summary>
    public async IAsyncEnumerable<BlockEventView> StreamBlocksAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastEventId = null;
        var first = true;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/events/blocks", UriKind.Relative));
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (first && IsUnreachable(e, cancellationToken))
            {
                throw new ServiceUnreachableException(Service, BaseAddress, e);
            }
            catch (Exception e) when (IsUnreachable(e, cancellationToken))
            {
                // ChainQuery restarting: reconnect from the last block seen.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                await ThrowUnlessSuccessAsync(response, cancellationToken).ConfigureAwait(false);
                first = false;
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var items = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await items.MoveNextAsync().ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                        {
                            more = false; // the connection dropped: reopen below
                        }

                        if (!more)
                        {
                            break;
                        }

                        var item = items.Current;
                        if (ParseBlock(item.Data) is not { } block)
                        {
                            continue; // an event this client does not understand
                        }

                        lastEventId = item.EventId ?? lastEventId;
                        yield return new BlockEventView(item.EventType, block);
                    }
                }
                finally
                {
                    await items.DisposeAsync().ConfigureAwait(false);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    private static BlockSummaryView? ParseBlock(string data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, ServiceJsonContext.Default.BlockSummaryView);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<T?> GetOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            throw new ServiceUnreachableException(Service, BaseAddress, e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await ThrowUnlessSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            try
            {
                return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                    ?? throw new ServiceRefusedException($"ChainQuery answered null to {path}.");
            }
            catch (JsonException e)
            {
                throw new ServiceRefusedException($"ChainQuery answered {path} with something that is not its JSON: {e.Message}");
            }
            catch (Exception e) when (IsUnreachable(e, cancellationToken))
            {
                throw new ServiceUnreachableException(Service, BaseAddress, e);
            }
        }
    }

    private static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var problem = await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        throw new ServiceRefusedException(
            $"ChainQuery answered {(int)response.StatusCode}: {problem?.Detail ?? problem?.Title ?? response.ReasonPhrase}", problem?.Rule);
    }

    private static bool IsUnreachable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException { StatusCode: null } || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
