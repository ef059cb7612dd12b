namespace AspireChain.AppHost.Hosting.Testing;

/// <summary>
/// Aspire.Hosting.Testing's counterpart: builds the real app model of an AppHost (its <c>Program.cs</c>) for a test,
/// with free ports, no console output and a throw-away data folder; the test may change resources before building.
/// </summary>
/// <example>
/// <code>
/// var appHost = await DistributedApplicationTestingBuilder.CreateAsync&lt;Projects.AspireChain_AppHost&gt;(["--Miners=2"]);
/// await using var app = await appHost.BuildAsync();
/// await app.StartAsync();
/// await app.WaitForResourceHealthyAsync("chainquery", TimeSpan.FromMinutes(1));
/// using var http = app.CreateHttpClient("ingest");
/// </code>
/// </example>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>Defaults for tests; any of them can be overridden by the test's arguments.</summary>
    public static IReadOnlyDictionary<string, string?> TestDefaults { get; } = new Dictionary<string, string?>
    {
        ["AppHost:ShowConsole"] = "false",
        ["AppHost:DeleteDataOnExit"] = "true",
        ["AppHost:ShutdownTimeout"] = "00:00:05",
        ["Dashboard:UiPort"] = "0",
        ["Dashboard:OtlpGrpcPort"] = "0",
        ["Dashboard:OtlpHttpPort"] = "0",
    };

    /// <summary>Runs <typeparamref name="TEntryPoint"/>'s AppHost Program.cs (e.g. <c>Projects.AspireChain_AppHost</c>) up to Build() and returns its builder.</summary>
    public static Task<DistributedApplicationBuilder> CreateAsync<TEntryPoint>(string[] args, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(args);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(EntryPointInterception.Capture(typeof(TEntryPoint).Assembly, args, TestDefaults));
    }

    /// <summary>As <see cref="CreateAsync{TEntryPoint}(string[], CancellationToken)"/> without arguments.</summary>
    public static Task<DistributedApplicationBuilder> CreateAsync<TEntryPoint>(CancellationToken cancellationToken = default)
        where TEntryPoint : class => CreateAsync<TEntryPoint>([], cancellationToken);

    /// <summary>Builds the (possibly modified) model into an application ready to start.</summary>
    public static Task<DistributedApplication> BuildAsync(this DistributedApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(builder.BuildApplication());
    }
}
