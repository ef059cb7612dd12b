using AspireChain.Miner.Apis;
using AspireChain.Miner.Extensions;

namespace AspireChain.Miner;

/// <summary>
/// Miner: its share of <c>transactions</c> in, proof of work, candidate blocks out. A named entry point (not a top-level
/// <c>Program</c>) so tests can host several replicas in-process next to the other services.
/// </summary>
public static class MinerApp
{
    /// <summary>Builds the app; <paramref name="configure"/> lets tests override configuration and URLs first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(MinerApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);

        builder.AddServiceDefaults();
        builder.AddMiner();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapMinerApi();
        return app;
    }

    /// <summary>Runs the service.</summary>
    public static void Main(string[] args) => Build(args).Run();
}
