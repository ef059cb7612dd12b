namespace AspireChain.AppHost.Dashboard.Telemetry;

/// <summary>One received metric instrument, listed so the page can offer a chart for any of them.</summary>
public sealed record MetricInstrument(string Name, string Unit, string Kind, IReadOnlyList<string> Services, int Points, DateTimeOffset LastSeen);
