using System.Net;
using AspireChain.ChainQuery.Apis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AspireChain.ChainQuery.Explorer;

/// <summary>
/// <c>GET /</c> (and <c>/explorer</c>): the block explorer page for browsers (static HTML + JS, embedded in the assembly so it is served
/// whatever the content root), a short service description for API clients.
/// </summary>
public static class ExplorerPage
{
    /// <summary>
    /// Configuration key of the Aspire dashboard's base URL (the AppHost passes it as <c>Explorer__DashboardUrl</c>): with
    /// it, a transfer's page links to the transfer's trace in the dashboard.
    /// </summary>
    public const string DashboardUrlKey = "Explorer:DashboardUrl";

    private const string DashboardMeta = "<meta name=\"aspirechain-dashboard\" content=\"\">";

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
        app.MapGet("/", GetRoot).WithName("Explorer").WithSummary("The block explorer page, or a service description for JSON clients.")
            .WithDescription("`Accept: application/json` (without text/html) answers what this service is; anything else gets the explorer's HTML page.")
            .WithTags("Service");
        // An HTML page only: no API to describe.
        app.MapGet("/explorer", GetRoot).WithName("ExplorerPage").WithSummary("The block explorer page (same as /).").ExcludeFromDescription();
        return app;
    }

    /// <summary>HTML unless the client asked for JSON only.</summary>
    public static Results<ContentHttpResult, Ok<ServiceDescription>> GetRoot(HttpRequest request, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(configuration);
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(new ServiceDescription(
                "chainquery",
                "Read model of the AspireChain chain, built from the blocks, transactions and rejections topics.",
                ["/chain", "/blocks/{height}", "/blocks/{hash}", "/blocks/lifecycle", "/blocks/{height}/lifecycle", "/transactions/{id}", "/addresses/{address}", "/stats", "/chain/verify", "/events/blocks", "/network"]));
        }

        return TypedResults.Content(Render(configuration[DashboardUrlKey]), "text/html; charset=utf-8");
    }

    /// <summary>The page with the dashboard's URL in its <c>aspirechain-dashboard</c> meta tag (only an absolute http(s) URL is taken).</summary>
    public static string Render(string? dashboardUrl)
    {
        if (!Uri.TryCreate(dashboardUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return Html.Value;
        }

        var content = WebUtility.HtmlEncode(url.GetLeftPart(UriPartial.Authority));
        return Html.Value.Replace(DashboardMeta, $"<meta name=\"aspirechain-dashboard\" content=\"{content}\">", StringComparison.Ordinal);
    }
}
