using System.IO.Compression;
using AspireChain.AppHost.Dashboard.Otlp.Proto.Collector.Logs;
using AspireChain.AppHost.Dashboard.Otlp.Proto.Collector.Metrics;
using AspireChain.AppHost.Dashboard.Otlp.Proto.Collector.Trace;
using AspireChain.AppHost.Dashboard.Telemetry;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AspireChain.AppHost.Dashboard.Otlp;

/// <summary>Maps the OTLP receivers: the three gRPC services and the OTLP/HTTP protobuf routes <c>POST /v1/{signal}</c>.</summary>
internal static class OtlpEndpoints
{
    private const string ProtobufContentType = "application/x-protobuf";

    public static void MapOtlpReceivers(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<OtlpTraceReceiver>();
        app.MapGrpcService<OtlpLogsReceiver>();
        app.MapGrpcService<OtlpMetricsReceiver>();

        var http = app.MapGroup("/v1").DisableAntiforgery();
        http.MapPost("/traces", (HttpRequest request, TelemetryStore telemetry, CancellationToken cancellationToken) =>
            ReceiveAsync(request, ExportTraceServiceRequest.Parser, export => telemetry.AddSpans(OtlpSpanDecoder.Decode(export)), new ExportTraceServiceResponse(), cancellationToken));
        http.MapPost("/logs", (HttpRequest request, TelemetryStore telemetry, CancellationToken cancellationToken) =>
            ReceiveAsync(request, ExportLogsServiceRequest.Parser, export => telemetry.AddLogs(OtlpLogDecoder.Decode(export)), new ExportLogsServiceResponse(), cancellationToken));
        http.MapPost("/metrics", (HttpRequest request, TelemetryStore telemetry, CancellationToken cancellationToken) =>
            ReceiveAsync(request, ExportMetricsServiceRequest.Parser, export => telemetry.AddMetricPoints(OtlpMetricDecoder.Decode(export)), new ExportMetricsServiceResponse(), cancellationToken));
    }

    private static async Task<IResult> ReceiveAsync<TRequest>(
        HttpRequest request,
        MessageParser<TRequest> parser,
        Action<TRequest> store,
        IMessage response,
        CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = new MemoryStream();
        if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                await gzip.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        }

        TRequest export;
        try
        {
            export = parser.ParseFrom(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (InvalidProtocolBufferException exception)
        {
            return Results.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed OTLP protobuf");
        }

        store(export);
        return Results.Bytes(response.ToByteArray(), ProtobufContentType);
    }
}
