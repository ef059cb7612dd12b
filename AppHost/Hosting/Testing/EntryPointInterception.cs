using System.Reflection;

namespace AspireChain.AppHost.Hosting.Testing;

/// <summary>
/// Runs an AppHost's real <c>Program.cs</c> up to <c>builder.Build()</c> and takes the builder from it, the trick
/// Aspire's testing builder (and ASP.NET's HostFactoryResolver) uses, so tests start exactly the app model people run.
/// </summary>
internal static class EntryPointInterception
{
    private static readonly AsyncLocal<Session?> Current = new();

    /// <summary>What <see cref="DistributedApplication.CreateBuilder"/> does: plain, or with the test's arguments and defaults.</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var session = Current.Value;
        return session is null
            ? new DistributedApplicationBuilder(args, defaults: null)
            : new DistributedApplicationBuilder(session.Args, session.Defaults);
    }

    /// <summary>Called by <see cref="DistributedApplicationBuilder.Build"/>: under a test, hands the builder over and stops the entry point.</summary>
    public static void OnBuilding(DistributedApplicationBuilder builder)
    {
        if (Current.Value is { } session)
        {
            session.Builder = builder;
            throw new BuilderCapturedException();
        }
    }

    /// <summary>Invokes the entry point of <paramref name="appHostAssembly"/> and returns the builder its Program.cs filled in.</summary>
    public static DistributedApplicationBuilder Capture(Assembly appHostAssembly, string[] args, IReadOnlyDictionary<string, string?> defaults)
    {
        var entryPoint = appHostAssembly.EntryPoint
            ?? throw new InvalidOperationException($"{appHostAssembly.GetName().Name} has no entry point.");
        var session = new Session(args, defaults);
        Current.Value = session;
        try
        {
            var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args]);
            if (result is Task task)
            {
                // An async Main runs synchronously up to Build(), where the capture ends it.
                task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is BuilderCapturedException)
        {
            // Expected: Program.cs reached Build().
        }
        finally
        {
            Current.Value = null;
        }

        return session.Builder
            ?? throw new InvalidOperationException($"{appHostAssembly.GetName().Name}'s entry point returned without calling DistributedApplicationBuilder.Build().");
    }

    private sealed class Session(string[] args, IReadOnlyDictionary<string, string?> defaults)
    {
        public string[] Args { get; } = args;

        public IReadOnlyDictionary<string, string?> Defaults { get; } = defaults;

        public DistributedApplicationBuilder? Builder { get; set; }
    }

    /// <summary>Unwinds Program.cs once the model is captured; never escapes <see cref="Capture"/>.</summary>
    private sealed class BuilderCapturedException : Exception;
}
