using System.Security.Cryptography;
using System.Text;
using AspireChain.Miner.Options;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AspireChain.Miner.Apis;

/// <summary>
/// Guards an operator's endpoint (<c>POST /mine</c>) against a cross-site form and a stranger: the request must be JSON
/// (<c>Content-Type: application/json</c>, which a cross-site HTML form cannot send without a CORS preflight), and must
/// carry <c>Authorization: Bearer</c> with <see cref="MinerOptions.OperatorToken"/> when one is set; outside Development
/// the endpoint is refused while none is set. Every refusal is an RFC 9457 problem.
/// </summary>
internal sealed class OperatorRequestFilter(IOptions<MinerOptions> options, IHostEnvironment environment) : IEndpointFilter
{
    private readonly byte[]? _token = string.IsNullOrEmpty(options.Value.OperatorToken) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.OperatorToken));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "A JSON request is required",
                detail: $"{request.Method} {request.Path} takes Content-Type: application/json (the body may be {{}}).");
        }

        if (_token is null)
        {
            return environment.IsDevelopment()
                ? await next(context).ConfigureAwait(false)
                : TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "No operator token is configured",
                    detail: $"Outside Development {request.Method} {request.Path} needs Miner:OperatorToken set on the miner and sent as Authorization: Bearer <token>.");
        }

        if (!Presents(request))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "The operator token is missing or wrong",
                detail: $"{request.Method} {request.Path} needs Authorization: Bearer <Miner:OperatorToken>.");
        }

        return await next(context).ConfigureAwait(false);
    }

    // Compared as SHA-256 digests in constant time, so neither the token's bytes nor its length leak through timing.
    private bool Presents(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }
}
