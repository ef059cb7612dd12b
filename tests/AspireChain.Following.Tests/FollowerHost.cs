using System.Collections.Concurrent;
using AspireChain.EmbeddedKafka;
using AspireChain.Following;
using AspireChain.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AspireChain.Following.Tests;

/// <summary>
/// The shared follower of <c>blocks</c> hosted alone (as each service hosts it, with <c>AddBlocksFollowing</c>) around a
/// handler that records what it is given and writes one row per block inside the follower's transaction.
/// </summary>
internal static class FollowerHost
{
    /// <summary>Starts a follower on the test network with its store at <paramref name="storePath"/>.</summary>
    public static Task<ServiceHost> StartAsync(EmbeddedKafkaBroker broker, string storePath, params (string Key, string Value)[] settings)
    {
        var configuration = TestNetwork.Common(broker);
        configuration["Follower:StorePath"] = storePath;
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        return ServiceHost.StartAsync(Build, configuration);
    }

    private static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(FollowerHost).Assembly.GetName().Name });
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(NetworkParameters.Test);
        builder.AddBlocksFollowing<RecordingHandler>(_ => builder.Configuration["Follower:StorePath"]!, keepBlocks: 0);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapFollowing();
        return app;
    }
}

/// <summary>What a service would do with applied blocks: here, remember them and write a row with each (same transaction).</summary>
internal sealed class RecordingHandler : IAppliedBlockHandler
{
    public ConcurrentQueue<AppliedBlock> Seen { get; } = new();

    /// <summary>Heights whose write throws once (the block must then be read again and applied exactly once).</summary>
    public ConcurrentDictionary<ulong, bool> FailOnceAt { get; } = new();

    public string? Prepare(FollowedChain chain) => null;

    public void Applying(AppliedBlock block, SqliteTransaction transaction)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE TABLE IF NOT EXISTS service_rows (height INTEGER PRIMARY KEY); INSERT INTO service_rows (height) VALUES ($height)";
        command.Parameters.AddWithValue("$height", (long)block.Block.Height);
        command.ExecuteNonQuery();
        if (FailOnceAt.TryRemove(block.Block.Height, out _))
        {
            throw new InvalidOperationException($"the service's write of block {block.Block.Height} failed (once)");
        }
    }

    public void Applied(AppliedBlock block) => Seen.Enqueue(block);
}
