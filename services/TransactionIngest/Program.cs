using AspireChain.TransactionIngest.Apis;
using AspireChain.TransactionIngest.Extensions;

namespace AspireChain.TransactionIngest;

/// <summary>
/// TransactionIngest: HTTP in, signed transactions out to Kafka. A named entry point (not a top-level
/// <c>Program</c>) so tests can host it in-process next to the other services.
/// </summary>
public static class TransactionIngestApp
{
    /// <summary>Builds the app; <paramref name="configure"/> lets tests override configuration and URLs first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(TransactionIngestApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);

        builder.AddServiceDefaults();
        builder.AddTransactionIngest();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapTransactionsApi();
        app.MapApiDocument();
        return app;
    }

    /// <summary>Runs the service.</summary>
    public static void Main(string[] args) => Build(args).Run();
}
