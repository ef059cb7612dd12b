namespace AspireChain.AppHost.Dashboard;

/// <summary>Where the dashboard listens; 0 picks a free port (tests), the defaults match Aspire's dashboard.</summary>
public sealed class DashboardOptions
{
    /// <summary>Port of the browser UI and its JSON API.</summary>
    public int UiPort { get; init; } = 18888;

    /// <summary>Port of the OTLP/gRPC receiver (HTTP/2 cleartext).</summary>
    public int OtlpGrpcPort { get; init; } = 18889;

    /// <summary>Port of the OTLP/HTTP protobuf receiver (POST /v1/traces|logs|metrics).</summary>
    public int OtlpHttpPort { get; init; } = 18890;

    /// <summary>How many spans the in-memory store keeps before evicting the oldest.</summary>
    public int MaxSpans { get; init; } = 100_000;

    /// <summary>How many structured log records the in-memory store keeps.</summary>
    public int MaxLogs { get; init; } = 50_000;

    /// <summary>How many metric points the in-memory store keeps.</summary>
    public int MaxMetricPoints { get; init; } = 200_000;
}
