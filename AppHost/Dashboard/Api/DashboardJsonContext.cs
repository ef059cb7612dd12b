using System.Text.Json;
using System.Text.Json.Serialization;
using AspireChain.AppHost.Dashboard.Resources;
using AspireChain.AppHost.Dashboard.Telemetry;

namespace AspireChain.AppHost.Dashboard.Api;

/// <summary>Source-generated JSON for every type the dashboard API returns (camelCase, as the page expects).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<ResourceSnapshot>))]
[JsonSerializable(typeof(IReadOnlyList<ConsoleLogLine>))]
[JsonSerializable(typeof(CommandResult))]
[JsonSerializable(typeof(IReadOnlyList<TraceSummary>))]
[JsonSerializable(typeof(IReadOnlyList<TelemetrySpan>))]
[JsonSerializable(typeof(IReadOnlyList<TelemetryLogRecord>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<BlockLifecycle>))]
[JsonSerializable(typeof(ChainMetricsSummary))]
[JsonSerializable(typeof(MetricSeries))]
[JsonSerializable(typeof(IReadOnlyList<MetricInstrument>))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
public sealed partial class DashboardJsonContext : JsonSerializerContext;
