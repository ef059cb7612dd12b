using System.Runtime.InteropServices;
using System.Text.Json;
using AspireChain.Contracts.Telemetry;
using AspireChain.Ledger;
using AspireChain.TransactionIngest.Admission;
using AspireChain.TransactionIngest.Options;
using AspireChain.TransactionIngest.Producers;
using AspireChain.TransactionIngest.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AspireChain.TransactionIngest.Apis;

/// <summary>
/// The ingest edge: one signed transaction or a batch in, admitted ones produced to <c>transactions</c> and
/// acknowledged by Kafka before the client hears 202; everything refused is an RFC 9457 problem and never reaches Kafka.
/// </summary>
public static class TransactionsApi
{
    /// <summary>Maps <c>POST /transactions</c>, <c>POST /transactions/batch</c> and <c>GET /</c>.</summary>
    public static IEndpointRouteBuilder MapTransactionsApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value;
        var transactions = app.MapGroup("/transactions").WithTags("Transactions");
        // Every rule of a single transaction's document (the Ledger's context-free rules included) except the batch's own.
        var submitRules = IngestProblems.Catalog.Where(r => r.Code != IngestProblems.BadBatchSize).ToArray();
        transactions.MapPost("", Submit)
            .WithName("SubmitTransaction")
            .WithSummary("Submits one signed transaction; 202 once Kafka acknowledged it.")
            .WithDescription("The body is the Ledger's transaction JSON. The 202's Location (and receipt) point at ChainQuery's /transactions/{id}. Nothing refused reaches Kafka.")
            .WithJsonBody<TransactionJson>()
            .WithProblems(submitRules)
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxTransactionBodyBytes));
        transactions.MapPost("/batch", SubmitBatch)
            .WithName("SubmitTransactionBatch")
            .WithSummary("Submits a JSON array of signed transactions; per-item results.")
            .WithDescription("202 when every item was acknowledged, 200 with per-item results (each refused item carries its problem) otherwise, 503 when no valid item could be written.")
            .WithJsonBody<TransactionJson[]>()
            .WithProblems(IngestProblems.RulesOf(
                IngestProblems.UnsupportedMediaType, IngestProblems.BodyTooLarge, IngestProblems.MalformedJson,
                IngestProblems.BadBatchSize, IngestProblems.RateLimited, IngestProblems.BacklogFull, IngestProblems.BrokerUnavailable))
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxBatchBodyBytes));
        app.MapGet("/", Describe).WithName("Describe").WithSummary("What this service is.").WithTags("Service");
        return app;
    }

    /// <summary>Admits, produces and acknowledges one transaction.</summary>
    public static async Task<Results<Accepted<TransactionReceipt>, ProblemHttpResult>> Submit(
        HttpContext context,
        IngestRateLimiter rateLimiter,
        TransactionBacklog backlog,
        TransactionAdmission admission,
        TransactionPublisher publisher,
        TransactionStatusLinks links,
        IngestTelemetry telemetry,
        IOptions<IngestOptions> options,
        CancellationToken cancellationToken)
    {
        // The transaction's trace starts here; the Kafka send span (and everything downstream) hangs off it.
        using var activity = IngestTelemetry.Source.StartActivity(ChainSpans.TransactionSubmit);
        if (rateLimiter.TryAcquire(context, 1) is { } limited)
        {
            telemetry.Rejected.Add(1, new KeyValuePair<string, object?>(ChainAttributes.RejectionReason, IngestProblems.RateLimited));
            return limited;
        }

        if (BacklogFull(context, backlog, options.Value, telemetry, items: 1) is { } full)
        {
            return full;
        }

        var (body, problem) = await RequestBody.ReadJsonAsync(context.Request, options.Value.MaxTransactionBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            var rule = problem.ProblemDetails.Extensions["rule"];
            activity?.SetTag(ChainAttributes.RejectionReason, rule);
            telemetry.Rejected.Add(1, new KeyValuePair<string, object?>(ChainAttributes.RejectionReason, rule));
            return problem;
        }

        if (!admission.TryAdmit(body, out var transaction, out var refusal))
        {
            activity?.SetTag(ChainAttributes.RejectionReason, refusal.Code);
            telemetry.Rejected.Add(1, new KeyValuePair<string, object?>(ChainAttributes.RejectionReason, refusal.Code));
            return TypedResults.Problem(IngestProblems.ForRule(refusal));
        }

        var id = transaction.Id.ToString();
        activity?.SetTag(ChainAttributes.TransactionId, id);
        activity?.SetTag(ChainAttributes.TransactionSender, transaction.SenderAddress.ToString());
        var outcome = await publisher.PublishAsync(transaction, cancellationToken).ConfigureAwait(false);
        if (!outcome.Acknowledged)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, outcome.Failure);
            telemetry.Unavailable.Add(1);
            return Unavailable(context, options.Value, outcome.Failure);
        }

        telemetry.Accepted.Add(1);
        var location = links.For(id);
        return TypedResults.Accepted(location, new TransactionReceipt(id, SubmissionStatus.Pending, location));
    }

    /// <summary>
    /// Admits many transactions (signatures checked in parallel), produces the admitted ones and reports each item:
    /// 202 when every item was acknowledged, 503 when none could be and the broker was the reason, 200 otherwise.
    /// </summary>
    public static async Task<Results<Accepted<BatchReceipt>, Ok<BatchReceipt>, ProblemHttpResult>> SubmitBatch(
        HttpContext context,
        IngestRateLimiter rateLimiter,
        TransactionBacklog backlog,
        TransactionAdmission admission,
        TransactionPublisher publisher,
        TransactionStatusLinks links,
        IngestTelemetry telemetry,
        IOptions<IngestOptions> options,
        CancellationToken cancellationToken)
    {
        using var activity = IngestTelemetry.Source.StartActivity(ChainSpans.TransactionBatch);
        var limits = options.Value;
        // One permit for the request before its body is read, the rest once its items are counted: a batch costs one per item.
        if (rateLimiter.TryAcquire(context, 1) is { } limited)
        {
            return limited;
        }

        var (body, problem) = await RequestBody.ReadJsonAsync(context.Request, limits.MaxBatchBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(IngestProblems.Create(IngestProblems.MalformedJson, StatusCodes.Status400BadRequest, e.Message));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return TypedResults.Problem(IngestProblems.Create(
                    IngestProblems.MalformedJson, StatusCodes.Status400BadRequest, "a batch is a JSON array of transactions"));
            }

            var count = document.RootElement.GetArrayLength();
            if (count == 0 || count > limits.MaxBatchItems)
            {
                return TypedResults.Problem(IngestProblems.Create(
                    IngestProblems.BadBatchSize,
                    count == 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status413PayloadTooLarge,
                    $"{count} items; a batch holds 1 to {limits.MaxBatchItems}"));
            }

            if (rateLimiter.TryAcquire(context, count - 1) is { } overRate)
            {
                telemetry.Rejected.Add(count, new KeyValuePair<string, object?>(ChainAttributes.RejectionReason, IngestProblems.RateLimited));
                return overRate;
            }

            if (BacklogFull(context, backlog, limits, telemetry, count) is { } full)
            {
                return full;
            }

            var items = document.RootElement.EnumerateArray().ToArray();
            var results = new BatchItemResult[count];
            var admitted = new Transaction?[count];
            // Signature verification is the edge's CPU cost: spread it over the cores.
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                if (admission.TryAdmit(JsonMarshal.GetRawUtf8Value(items[i]), out var transaction, out var refusal))
                {
                    admitted[i] = transaction;
                }
                else
                {
                    telemetry.Rejected.Add(1, new KeyValuePair<string, object?>(ChainAttributes.RejectionReason, refusal.Code));
                    var problem = IngestProblems.ForRule(refusal);
                    problem.Detail = $"item {i}: {problem.Detail}";
                    results[i] = new BatchItemResult(i, null, SubmissionStatus.Rejected, problem.Status ?? StatusCodes.Status400BadRequest, null, problem);
                }
            });

            await Task.WhenAll(Enumerable.Range(0, count).Where(i => admitted[i] is not null).Select(async i =>
            {
                var transaction = admitted[i]!;
                var id = transaction.Id.ToString();
                var outcome = await publisher.PublishAsync(transaction, cancellationToken).ConfigureAwait(false);
                if (outcome.Acknowledged)
                {
                    telemetry.Accepted.Add(1);
                    results[i] = new BatchItemResult(i, id, SubmissionStatus.Pending, StatusCodes.Status202Accepted, links.For(id), null);
                }
                else
                {
                    telemetry.Unavailable.Add(1);
                    results[i] = new BatchItemResult(i, id, SubmissionStatus.Unavailable, StatusCodes.Status503ServiceUnavailable, null,
                        IngestProblems.Create(IngestProblems.BrokerUnavailable, StatusCodes.Status503ServiceUnavailable, $"item {i}: {outcome.Failure}"));
                }
            })).ConfigureAwait(false);

            var accepted = results.Count(r => r.Status == SubmissionStatus.Pending);
            var unavailable = results.Count(r => r.Status == SubmissionStatus.Unavailable);
            var receipt = new BatchReceipt(accepted, count - accepted - unavailable, unavailable, results);
            activity?.SetTag(ChainAttributes.BatchSize, count);
            activity?.SetTag(ChainAttributes.BatchAccepted, accepted);
            activity?.SetTag(ChainAttributes.BatchUnavailable, unavailable);
            if (unavailable > 0)
            {
                context.Response.Headers.RetryAfter = limits.UnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (accepted == count)
            {
                return TypedResults.Accepted((string?)null, receipt);
            }

            if (accepted == 0 && unavailable > 0)
            {
                var problem503 = IngestProblems.Create(IngestProblems.BrokerUnavailable, StatusCodes.Status503ServiceUnavailable,
                    $"{unavailable} valid item(s) were not acknowledged by Kafka; nothing of this batch was accepted");
                problem503.Extensions["items"] = results;
                return TypedResults.Problem(problem503);
            }

            return TypedResults.Ok(receipt);
        }
    }

    /// <summary>A short description for humans and probes.</summary>
    public static Ok<ServiceDescription> Describe() => TypedResults.Ok(new ServiceDescription(
        "ingest",
        "Accepts signed AspireChain transactions over HTTP and appends them to the Kafka topic 'transactions'.",
        ["POST /transactions", "POST /transactions/batch", "GET /health", "GET /alive"]));

    // The miners are too far behind for the log to keep one more transaction safely: 503 with how long the drain needs.
    private static ProblemHttpResult? BacklogFull(HttpContext context, TransactionBacklog backlog, IngestOptions options, IngestTelemetry telemetry, int items)
    {
        var reading = backlog.Current;
        if (!reading.IsFull)
        {
            return null;
        }

        telemetry.Unavailable.Add(items, new KeyValuePair<string, object?>(ChainAttributes.RejectionReason, IngestProblems.BacklogFull));
        System.Diagnostics.Activity.Current?.SetTag(ChainAttributes.RejectionReason, IngestProblems.BacklogFull);
        var retryAfter = reading.RetryAfter(options.MaxBacklogRetryAfter);
        context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(IngestProblems.Create(
            IngestProblems.BacklogFull, StatusCodes.Status503ServiceUnavailable, $"nothing was written; {reading}"));
    }

    private static ProblemHttpResult Unavailable(HttpContext context, IngestOptions options, string? failure)
    {
        context.Response.Headers.RetryAfter = options.UnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(IngestProblems.Create(
            IngestProblems.BrokerUnavailable, StatusCodes.Status503ServiceUnavailable, $"Kafka did not acknowledge the write ({failure})"));
    }
}
