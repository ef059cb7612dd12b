using AspireChain.ChainQuery.Apis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AspireChain.ChainQuery.Explorer;

/// <summary>
/// <c>GET /</c> (and <c>/explorer</c>): the block explorer page for browsers (static HTML + JS, embedded in the assembly so it is served
/// whatever the content root), a short service description for API clients.
/// </summary>
public static class ExplorerPage
{
    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(ExplorerPage).Assembly.GetManifestResourceStream("AspireChain.ChainQuery.Explorer.explorer.html")
            ?? throw new InvalidOperationException("The explorer page is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Maps <c>/</c> and <c>/explorer</c>.</summary>
    public static IEndpointRouteBuilder MapExplorerPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", GetRoot).WithName("Explorer").WithSummary("The block explorer page, or a service description for JSON clients.");
        app.MapGet("/explorer", GetRoot).WithName("ExplorerPage").WithSummary("The block explorer page (same as /).");
        return app;
    }

    /// <summary>HTML unless the client asked for JSON only.</summary>
    public static Results<ContentHttpResult, Ok<ServiceDescription>> GetRoot(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(new ServiceDescription(
                "chainquery",
                "Read model of the AspireChain chain, built from the blocks, transactions and rejections topics.",
                ["/chain", "/blocks/{height}", "/blocks/{hash}", "/blocks/lifecycle", "/blocks/{height}/lifecycle", "/transactions/{id}", "/addresses/{address}", "/stats", "/chain/verify", "/events/blocks"]));
        }

        return TypedResults.Content(Html.Value, "text/html; charset=utf-8");
    }
}
