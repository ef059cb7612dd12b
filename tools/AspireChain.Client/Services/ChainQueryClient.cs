using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AspireChain.Client.Services;

/// <summary>
/// Reads ChainQuery's HTTP API: transaction statuses, accounts, chain figures, verification runs and the live block
/// stream. <paramref name="operatorToken"/>, when given, is sent as a bearer token with the operator operations
/// (starting a verification run), which outside Development need it.
/// </summary>
public sealed class ChainQueryClient(HttpClient http, string? operatorToken = null)
{
    private const string Service = "ChainQuery";
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(1);

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

    /// <summary>
    /// Re-validates the stored chain: starts a verification run (or joins the one running) and follows it to its
    /// verdict, telling <paramref name="progress"/> what each poll saw; <paramref name="full"/> ignores the checkpoint
    /// of the last valid run. Waits as long as <paramref name="cancellationToken"/> allows.
    /// </summary>
    public async Task<ChainVerificationView> VerifyAsync(CancellationToken cancellationToken, bool full = false, Action<ChainVerificationView>? progress = null)
    {
        var run = await StartVerificationAsync(full, cancellationToken).ConfigureAwait(false);
        var wait = TimeSpan.FromMilliseconds(100);
        while (run.IsRunning)
        {
            progress?.Invoke(run);
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(LongestPoll.Ticks, wait.Ticks * 2));
            run = await GetVerificationAsync(run.Id, cancellationToken).ConfigureAwait(false);
        }

        progress?.Invoke(run);
        return run;
    }

    /// <summary><c>POST /chain/verify</c>: starts a run, or returns the one running (with the operator token when the client has one).</summary>
    public async Task<ChainVerificationView> StartVerificationAsync(bool full, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(full ? "/chain/verify?full=true" : "/chain/verify", UriKind.Relative));
        if (!string.IsNullOrEmpty(operatorToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            throw new ServiceUnreachableException(Service, BaseAddress, e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                throw new ServiceRefusedException($"ChainQuery at {BaseAddress} does not run verification as an operation (POST /chain/verify answered {(int)response.StatusCode}): an older version.");
            }

            await ThrowUnlessSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            return await ReadAsync(response, "/chain/verify", ServiceJsonContext.Default.ChainVerificationView, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Verification run <paramref name="id"/> as it stands (<c>GET /chain/verify/{id}</c>).</summary>
    public async Task<ChainVerificationView> GetVerificationAsync(long id, CancellationToken cancellationToken) =>
        await GetOrNullAsync(string.Create(CultureInfo.InvariantCulture, $"/chain/verify/{id}"), ServiceJsonContext.Default.ChainVerificationView, cancellationToken)
            ?? throw new ServiceRefusedException($"ChainQuery no longer knows verification run {id}.");

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
            return await ReadAsync(response, path, type, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
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
