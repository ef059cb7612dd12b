using AspireChain.AppHost.Dashboard.Otlp.Proto.Collector.Logs;
using AspireChain.AppHost.Dashboard.Telemetry;

namespace AspireChain.AppHost.Dashboard.Otlp;

/// <summary>Turns an OTLP logs export into stored log records.</summary>
internal static class OtlpLogDecoder
{
    public static List<TelemetryLogRecord> Decode(ExportLogsServiceRequest request)
    {
        var result = new List<TelemetryLogRecord>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var (service, instance) = OtlpValues.Service(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = scopeLogs.Scope?.Name ?? string.Empty;
                foreach (var record in scopeLogs.LogRecords)
                {
                    // OTel .NET sends the ILogger category as the scope name.
                    var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                    result.Add(new TelemetryLogRecord(
                        0,
                        time != 0 ? OtlpValues.Time(time) : DateTimeOffset.UtcNow,
                        service,
                        instance,
                        scope,
                        record.SeverityNumber,
                        string.IsNullOrEmpty(record.SeverityText) ? SeverityName(record.SeverityNumber) : record.SeverityText,
                        OtlpValues.Text(record.Body),
                        OtlpValues.Id(record.TraceId),
                        OtlpValues.Id(record.SpanId),
                        OtlpValues.Attributes(record.Attributes)));
                }
            }
        }

        return result;
    }

    // OTLP severity numbers come in bands of four: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24.
    private static string SeverityName(int number) => number switch
    {
        <= 0 => "Unspecified",
        <= 4 => "Trace",
        <= 8 => "Debug",
        <= 12 => "Information",
        <= 16 => "Warning",
        <= 20 => "Error",
        _ => "Critical",
    };
}
