using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AspireChain.Client.Transfers;

namespace AspireChain.Client.Services;

/// <summary>
/// Posts signed transactions to TransactionIngest. A 429 or 503 is retried after its Retry-After with the same bytes
/// (the id is the content, so a resubmission can never spend twice); a refusal is recorded on the submission.
/// </summary>
public sealed class IngestClient(HttpClient http)
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Posts one transaction to <c>POST /transactions</c> until Ingest acknowledges or refuses it.</summary>
    public async Task SubmitAsync(Submission submission, CancellationToken cancellationToken)
    {
        submission.SubmittedAt ??= Stopwatch.GetTimestamp();
        while (true)
        {
            using var response = await PostAsync("/transactions", new ByteArrayContent(submission.Json) { Headers = { ContentType = Json } }, submission.TraceParent, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                submission.AcknowledgedAt = Stopwatch.GetTimestamp();
                return;
            }

            if (IsRetriable(response.StatusCode))
            {
                submission.Retries++;
                await Task.Delay(RetryAfter(response), cancellationToken);
                continue;
            }

            var problem = await ProblemReader.ReadAsync(response, cancellationToken);
            submission.RejectReason = problem?.Rule ?? $"http-{(int)response.StatusCode}";
            submission.RejectDetail = problem?.Detail ?? problem?.Title;
            submission.RefusedByIngest = true;
            return;
        }
    }

    /// <summary>Posts a batch to <c>POST /transactions/batch</c>; items Ingest could not hand to Kafka are resubmitted.</summary>
    public async Task SubmitBatchAsync(IReadOnlyList<Submission> batch, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var submission in batch)
        {
            submission.SubmittedAt ??= start;
        }

        IReadOnlyList<Submission> pending = batch;
        while (pending.Count > 0)
        {
            using var response = await PostAsync("/transactions/batch", BatchContent(pending), null, cancellationToken);
            if (IsRetriable(response.StatusCode))
            {
                foreach (var submission in pending)
                {
                    submission.Retries++;
                }

                await Task.Delay(RetryAfter(response), cancellationToken);
                continue;
            }

            if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
            {
                var problem = await ProblemReader.ReadAsync(response, cancellationToken);
                var rule = problem?.Rule ?? $"http-{(int)response.StatusCode}";
                throw new ServiceRefusedException($"Ingest refused the whole batch ({(int)response.StatusCode} {rule}).", rule);
            }

            var receipt = await response.Content.ReadFromJsonAsync(ServiceJsonContext.Default.BatchReceiptView, cancellationToken)
                ?? throw new ServiceRefusedException("Ingest answered a batch with null.");
            var now = Stopwatch.GetTimestamp();
            var unavailable = new List<Submission>();
            foreach (var item in receipt.Items)
            {
                var submission = pending[item.Index];
                switch (item.Status)
                {
                    case "pending": submission.AcknowledgedAt = now; break;
                    case "unavailable": submission.Retries++; unavailable.Add(submission); break;
                    default:
                        submission.RejectReason = item.Problem?.Rule ?? $"ingest-{item.StatusCode}";
                        submission.RejectDetail = item.Problem?.Detail;
                        submission.RefusedByIngest = true;
                        break;
                }
            }

            if (unavailable.Count > 0)
            {
                await Task.Delay(RetryAfter(response), cancellationToken);
            }

            pending = unavailable;
        }
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, string? traceParent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        if (traceParent is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new ServiceUnreachableException("TransactionIngest", http.BaseAddress!, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceUnreachableException("TransactionIngest", http.BaseAddress!, e);
        }
    }

    private static ByteArrayContent BatchContent(IReadOnlyList<Submission> batch)
    {
        using var body = new MemoryStream();
        body.WriteByte((byte)'[');
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                body.WriteByte((byte)',');
            }

            body.Write(batch[i].Json);
        }

        body.WriteByte((byte)']');
        return new ByteArrayContent(body.ToArray()) { Headers = { ContentType = Json } };
    }

    private static bool IsRetriable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    private static TimeSpan RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => DefaultRetryAfter,
        };
}
