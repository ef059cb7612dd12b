using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace AspireChain.ChainQuery.Tests.Infrastructure;

/// <summary>
/// Compares what an app maps with what its OpenAPI document lists, as "METHOD /path" lines, so an endpoint added
/// without a description fails a test.
/// </summary>
internal static class ApiDescriptionCoverage
{
    private static readonly string[] OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    // Infrastructure, not API: probes and the description itself (and its UI).
    private static readonly string[] Undescribed = ["/health", "/alive", "/openapi", "/scalar"];

    /// <summary>Every route endpoint of <paramref name="app"/> that is not excluded from description, as "METHOD /path".</summary>
    public static SortedSet<string> Mapped(WebApplication app)
    {
        var mapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                continue;
            }

            var path = PathOf(endpoint.RoutePattern);
            if (Undescribed.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            // An endpoint taking any method is written as "*": no document lists that, so it would fail loudly.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                mapped.Add($"{method.ToUpperInvariant()} {path}");
            }
        }

        return mapped;
    }

    /// <summary>Every operation of an OpenAPI document, as "METHOD /path".</summary>
    public static SortedSet<string> Documented(JsonElement document)
    {
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => OperationKeys.Contains(o.Name)))
            {
                documented.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        }

        return documented;
    }

    /// <summary>The OpenAPI form of a route: parameters by name without constraints, e.g. <c>/blocks/{height}</c>.</summary>
    public static string PathOf(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                    _ => throw new InvalidOperationException($"Unexpected route part {part.GetType().Name} in {pattern.RawText}"),
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }
}
