using System.Net;
using System.Net.Http.Json;
using System.Text;
using AspireChain.Ledger;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// What a wallet application does against the running system: submit signed transactions to TransactionIngest
/// (retrying what the broker could not take, as Retry-After says) and follow them on ChainQuery until confirmed.
/// </summary>
internal sealed class ChainClient(HttpClient ingest, ChainQueryClient chainQuery) : IDisposable
{
    private const int BatchSize = 100;
    private const int SubmitParallelism = 4;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public ChainQueryClient Query => chainQuery;

    public HttpClient Ingest => ingest;

    /// <summary>Posts one transaction document (raw, so tests can send anything) to <c>POST /transactions</c>.</summary>
    public Task<HttpResponseMessage> PostAsync(string body, string contentType, CancellationToken cancellationToken) =>
        ingest.PostAsync(new Uri("/transactions", UriKind.Relative), new StringContent(body, Encoding.UTF8, contentType), cancellationToken);

    /// <summary>Posts one transaction and returns the answer.</summary>
    public Task<HttpResponseMessage> PostAsync(Transaction transaction, CancellationToken cancellationToken) =>
        PostAsync(Encoding.UTF8.GetString(transaction.ToJson()), "application/json", cancellationToken);

    /// <summary>
    /// Submits every transaction through concurrent batches until Kafka acknowledged each one (a 503 or an
    /// "unavailable" item is retried with the same bytes: the id is the content, so a retry can never double-spend).
    /// Returns how many submissions were retried.
    /// </summary>
    public async Task<int> SubmitAllAsync(IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken)
    {
        var retries = 0;
        var batches = transactions.Chunk(BatchSize).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = SubmitParallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            IReadOnlyList<Transaction> pending = batch;
            while (pending.Count > 0)
            {
                var unacknowledged = await SubmitBatchOnceAsync(pending, ct);
                if (unacknowledged.Count > 0)
                {
                    Interlocked.Add(ref retries, unacknowledged.Count);
                    await Task.Delay(RetryDelay, ct);
                }

                pending = unacknowledged;
            }
        });
        return retries;
    }

    /// <summary>One <c>POST /transactions/batch</c>; returns the items Kafka did not acknowledge (to retry). A refused item fails the test.</summary>
    private async Task<IReadOnlyList<Transaction>> SubmitBatchOnceAsync(IReadOnlyList<Transaction> batch, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("[");
        for (var i = 0; i < batch.Count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(Encoding.UTF8.GetString(batch[i].ToJson()));
        }

        body.Append(']');
        HttpResponseMessage response;
        try
        {
            response = await ingest.PostAsync(new Uri("/transactions/batch", UriKind.Relative), new StringContent(body.ToString(), Encoding.UTF8, "application/json"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return batch; // Ingest restarting or the request timed out: nothing known, retry all (duplicates are harmless).
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
            {
                return batch;
            }

            if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
            {
                throw new InvalidOperationException($"Batch refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            var receipt = await response.Content.ReadFromJsonAsync(ServiceJsonContext.Default.BatchReceiptView, cancellationToken)
                ?? throw new InvalidOperationException("Ingest answered a batch with null.");
            if (receipt.Rejected > 0)
            {
                var refused = receipt.Items.First(i => i.Status == "rejected");
                throw new InvalidOperationException($"Ingest refused a valid transaction (item {refused.Index}, {refused.StatusCode}).");
            }

            return [.. receipt.Items.Where(i => i.Status != "pending").Select(i => batch[i.Index])];
        }
    }

    /// <summary>Waits until every transaction is confirmed on ChainQuery.</summary>
    public Task WaitUntilConfirmedAsync(IEnumerable<Hash256> ids, CancellationToken cancellationToken) =>
        chainQuery.WaitUntilConfirmedAsync(ids.Select(i => i.ToString()), cancellationToken);

    public void Dispose()
    {
        ingest.Dispose();
        chainQuery.Dispose();
    }
}
