using System.Security.Cryptography;
using System.Text;
using AspireChain.ChainQuery.Options;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AspireChain.ChainQuery.Apis;

/// <summary>
/// Guards operator operations (they cost the node real work, and a web page could otherwise make a browser ask for
/// them): outside Development they need <see cref="ChainQueryOptions.OperatorToken"/> as a bearer token in the
/// <c>Authorization</c> header, never from the query string, compared in constant time and never logged; with no token
/// configured they are refused. Development needs none.
/// </summary>
public sealed class OperatorAccess(IHostEnvironment environment, IOptionsMonitor<ChainQueryOptions> options) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (environment.IsDevelopment())
        {
            return await next(context).ConfigureAwait(false);
        }

        var expected = options.CurrentValue.OperatorToken;
        if (string.IsNullOrWhiteSpace(expected))
        {
            return TypedResults.Problem(Problems.OperatorTokenNotConfigured());
        }

        var response = context.HttpContext.Response;
        if (Presented(context.HttpContext.Request) is not { } presented)
        {
            response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return TypedResults.Problem(Problems.OperatorTokenRequired(
                "Send the operator token (ChainQuery:OperatorToken) as 'Authorization: Bearer <token>'; a token in the query string is never read."));
        }

        if (!Matches(presented, expected))
        {
            response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
            return TypedResults.Problem(Problems.OperatorTokenRequired("The bearer token sent is not the operator token."));
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The bearer token of the request's <c>Authorization</c> header, or null when it has none.</summary>
    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>Compares digests in constant time, so neither the token's content nor its length leaks through timing.</summary>
    private static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
