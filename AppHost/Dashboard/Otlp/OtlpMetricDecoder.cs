using AspireChain.AppHost.Dashboard.Otlp.Proto.Collector.Metrics;
using AspireChain.AppHost.Dashboard.Otlp.Proto.Common;
using AspireChain.AppHost.Dashboard.Otlp.Proto.Metrics;
using AspireChain.AppHost.Dashboard.Telemetry;
using Google.Protobuf.Collections;

namespace AspireChain.AppHost.Dashboard.Otlp;

/// <summary>Turns an OTLP metrics export into stored points (gauges, sums and histogram sum/count).</summary>
internal static class OtlpMetricDecoder
{
    public static List<MetricPoint> Decode(ExportMetricsServiceRequest request)
    {
        var result = new List<MetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var (service, instance) = OtlpValues.Service(resourceMetrics.Resource);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = scopeMetrics.Scope?.Name ?? string.Empty;
                foreach (var metric in scopeMetrics.Metrics)
                {
                    MetricPoint Point(string kind, bool monotonic, bool cumulative, ulong start, ulong time, double value, ulong? count, RepeatedField<KeyValue> attributes) =>
                        new(service, instance, scope, metric.Name, metric.Unit, kind, monotonic, cumulative,
                            OtlpValues.Time(start), OtlpValues.Time(time), value, count, OtlpValues.Attributes(attributes));

                    switch (metric.DataCase)
                    {
                        case Metric.DataOneofCase.Gauge:
                            result.AddRange(metric.Gauge.DataPoints.Select(point =>
                                Point("gauge", false, false, point.StartTimeUnixNano, point.TimeUnixNano, Number(point), null, point.Attributes)));
                            break;
                        case Metric.DataOneofCase.Sum:
                            var cumulativeSum = metric.Sum.AggregationTemporality != AggregationTemporality.Delta;
                            result.AddRange(metric.Sum.DataPoints.Select(point =>
                                Point("sum", metric.Sum.IsMonotonic, cumulativeSum, point.StartTimeUnixNano, point.TimeUnixNano, Number(point), null, point.Attributes)));
                            break;
                        case Metric.DataOneofCase.Histogram:
                            var cumulativeHistogram = metric.Histogram.AggregationTemporality != AggregationTemporality.Delta;
                            result.AddRange(metric.Histogram.DataPoints.Select(point =>
                                Point("histogram", true, cumulativeHistogram, point.StartTimeUnixNano, point.TimeUnixNano, point.HasSum ? point.Sum : 0, point.Count, point.Attributes)));
                            break;
                    }
                }
            }
        }

        return result;
    }

    private static double Number(NumberDataPoint point) =>
        point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
}
