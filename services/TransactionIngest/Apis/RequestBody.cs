using System.Buffers;
using AspireChain.TransactionIngest.Admission;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AspireChain.TransactionIngest.Apis;

/// <summary>Reads a JSON request body under a byte limit, answering 415/413/400 problems instead of throwing.</summary>
public static class RequestBody
{
    // Content-Length is the client's claim: it sizes the first buffer only up to this, the rest grows as bytes arrive.
    private const int MaxInitialCapacity = 64 * 1024;

    /// <summary>
    /// The body bytes, or a problem: 415 when the Content-Type is not JSON, 413 when the body exceeds
    /// <paramref name="limit"/> (checked from Content-Length first, then while reading a chunked body), and the
    /// server's own status (400, 408) with the <c>malformed</c> rule when the body's framing is broken.
    /// </summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadJsonAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(IngestProblems.Create(
                IngestProblems.UnsupportedMediaType, StatusCodes.Status415UnsupportedMediaType,
                $"'{request.ContentType ?? "(none)"}' is not application/json")));
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        // Kestrel enforces the same limit on the wire; the endpoint metadata sets it, this covers hosts without it.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? 4096, 0, Math.Min(limit, MaxInitialCapacity)) + 1);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (null, TooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
        catch (BadHttpRequestException e)
        {
            // Bad chunk framing, a body shorter than its Content-Length, too slow a sender: the client's fault, not a 500.
            return (null, TypedResults.Problem(IngestProblems.Create(IngestProblems.MalformedJson, e.StatusCode, e.Message)));
        }

        return (buffer.WrittenSpan.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(IngestProblems.Create(
            IngestProblems.BodyTooLarge, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {limit} bytes"));
}
