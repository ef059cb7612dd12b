using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace AspireChain.AppHost.Dashboard.Api;

/// <summary>Serves the single-page UI (HTML, CSS, JS) from resources embedded in this assembly: no CDN, no content root.</summary>
internal static class DashboardUi
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static void MapDashboardUi(this IEndpointRouteBuilder app)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardUi).Assembly, "AspireChain.AppHost.Dashboard.wwwroot");
        app.MapGet("/", () => Serve(files, "index.html"));
        app.MapGet("/{file}", (string file) => Serve(files, file));
    }

    private static IResult Serve(IFileProvider files, string name)
    {
        var file = files.GetFileInfo(name);
        if (!file.Exists || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
        {
            return Results.NotFound();
        }

        return Results.Stream(file.CreateReadStream(), contentType);
    }
}
