using System.Globalization;
using System.Threading.RateLimiting;
using AspireChain.TransactionIngest.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AspireChain.TransactionIngest.Admission;

/// <summary>
/// The per-client rate limit of the ingest edge, counted in transactions, not requests: one POST costs one permit, a
/// batch of 1,000 costs 1,000, so batching is no way around it. A fixed window per client address
/// (<see cref="IngestOptions.RateLimitPermits"/> per <see cref="IngestOptions.RateLimitWindow"/>; 0 turns it off).
/// </summary>
public sealed class IngestRateLimiter : IDisposable
{
    private readonly IngestOptions _options;
    private readonly PartitionedRateLimiter<string>? _limiter;

    /// <summary>Creates the limiter from the <c>Ingest</c> options.</summary>
    public IngestRateLimiter(IOptions<IngestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (_options.RateLimitPermits > 0)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
                client,
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = _options.RateLimitPermits,
                    Window = _options.RateLimitWindow,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        }
    }

    /// <summary>Takes <paramref name="items"/> permits for the caller; null when granted, else the 429 problem (Retry-After set).</summary>
    public ProblemHttpResult? TryAcquire(HttpContext context, int items)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_limiter is null || items <= 0)
        {
            return null;
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var window = _options.RateLimitWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        if (items > _options.RateLimitPermits)
        {
            return Refuse(context, _options.RateLimitWindow, $"{items} transactions in one request exceed the limit of {_options.RateLimitPermits} per {window} s for a client");
        }

        using var lease = _limiter.AttemptAcquire(client, items);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var hint) ? hint : _options.RateLimitWindow;
        return Refuse(context, retryAfter, $"more than {_options.RateLimitPermits} transactions per {window} s from this client (this request carries {items})");
    }

    /// <inheritdoc />
    public void Dispose() => _limiter?.Dispose();

    private static ProblemHttpResult Refuse(HttpContext context, TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(IngestProblems.Create(IngestProblems.RateLimited, StatusCodes.Status429TooManyRequests, detail));
    }
}
