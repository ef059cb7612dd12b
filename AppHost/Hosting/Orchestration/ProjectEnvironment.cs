using System.Globalization;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>
/// The Aspire environment contract for one replica (DESIGN §3): its URL, the broker, service discovery keys of the
/// projects it references, and OpenTelemetry export to the dashboard with short delays so the dashboard is live.
/// </summary>
internal static class ProjectEnvironment
{
    public static IReadOnlyDictionary<string, string> For(
        ProjectReplica replica,
        DistributedApplicationOptions options,
        Func<KafkaResource, string?> connectionStringOf,
        Func<ProjectResource, IReadOnlyList<ProjectReplica>> replicasOf,
        string? otlpEndpoint)
    {
        var resource = replica.Resource;
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = replica.Endpoint.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = options.Environment,
            ["DOTNET_ENVIRONMENT"] = options.Environment,
            // Services keep their stores under the content root (.data/<instance>/…): a per-run, per-replica folder
            // means a fresh run never resumes from offsets of a broker that no longer exists. Their settings come from
            // the environment, not from an appsettings.json in the project folder.
            ["ASPNETCORE_CONTENTROOT"] = replica.DataDirectory,
            // One line per log entry, so prefixed console output and the log tail stay readable.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            // The Aspire template's appsettings.json default: per-request lines (health probes every second) drown the rest.
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["OTEL_SERVICE_NAME"] = resource.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replica.Name}",
        };

        if (otlpEndpoint is not null)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }

        foreach (var reference in resource.References)
        {
            switch (reference)
            {
                case KafkaResource kafka:
                    environment[$"ConnectionStrings__{kafka.Name}"] = connectionStringOf(kafka)
                        ?? throw new InvalidOperationException($"Kafka resource '{kafka.Name}' has no connection string yet; add WaitFor({kafka.Name}).");
                    break;
                case ProjectResource project:
                    var replicas = replicasOf(project);
                    for (var i = 0; i < replicas.Count; i++)
                    {
                        environment[string.Create(CultureInfo.InvariantCulture, $"services__{project.Name}__http__{i}")] = replicas[i].Endpoint.ToString().TrimEnd('/');
                    }

                    environment[$"{project.Name.ToUpperInvariant().Replace('-', '_')}_HTTP"] = replicas[0].Endpoint.ToString().TrimEnd('/');
                    break;
            }
        }

        foreach (var (name, value) in resource.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }
}
