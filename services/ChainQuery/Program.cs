using AspireChain.ChainQuery.Apis;
using AspireChain.ChainQuery.Explorer;
using AspireChain.ChainQuery.Extensions;

namespace AspireChain.ChainQuery;

/// <summary>
/// ChainQuery: the chain in (from Kafka), a SQLite read model, an HTTP API and a block explorer out. A named entry
/// point (not a top-level <c>Program</c>) so tests can host it in-process next to the other services.
/// </summary>
public static class ChainQueryApp
{
    /// <summary>Builds the app; <paramref name="configure"/> lets tests override configuration and URLs first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ChainQueryApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);

        builder.AddServiceDefaults();
        builder.AddChainQuery();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapChainApi();
        app.MapBlocksApi();
        app.MapBlockLifecycleApi();
        app.MapTransactionsApi();
        app.MapAddressesApi();
        app.MapBlockEventsApi();
        app.MapNetworkApi();
        app.MapExplorerPage();
        app.MapApiDocument();
        return app;
    }

    /// <summary>Runs the service.</summary>
    public static void Main(string[] args) => Build(args).Run();
}
