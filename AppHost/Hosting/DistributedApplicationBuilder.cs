using AspireChain.AppHost.Hosting.Testing;
using Microsoft.Extensions.Configuration;

namespace AspireChain.AppHost.Hosting;

/// <summary>Collects the app model (resources and their wiring) and the AppHost's configuration, then builds the running application.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<IResource> _resources = [];

    internal DistributedApplicationBuilder(string[] args, IReadOnlyDictionary<string, string?>? defaults)
    {
        Args = args;
        Configuration = new ConfigurationManager();
        if (defaults is not null)
        {
            Configuration.AddInMemoryCollection(defaults);
        }

        Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(args);
    }

    /// <summary>The AppHost's own command line.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>AppHost configuration: appsettings.json, environment, command line (<c>--Miners 5</c>, <c>--ConnectionStrings:kafka host:9092</c>).</summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>Every declared resource in declaration order.</summary>
    public IReadOnlyList<IResource> Resources => _resources;

    /// <summary>Declares a resource; names are unique.</summary>
    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already declared.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>Finds a declared resource to reconfigure it (tests override replicas and environment this way).</summary>
    public IResourceBuilder<T> CreateResourceBuilder<T>(string name) where T : class, IResource
    {
        var resource = _resources.OfType<T>().SingleOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No {typeof(T).Name} named '{name}' is declared.");
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>Freezes the model into an application ready to start.</summary>
    public DistributedApplication Build()
    {
        // Under the testing builder the real Program.cs stops here and hands its model to the test.
        EntryPointInterception.OnBuilding(this);
        return BuildApplication();
    }

    internal DistributedApplication BuildApplication() => new(this, DistributedApplicationOptions.From(Configuration));
}
