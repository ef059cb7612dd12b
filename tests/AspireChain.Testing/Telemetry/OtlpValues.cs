using System.Globalization;
using AspireChain.Testing.Telemetry.Proto.Common;
using AspireChain.Testing.Telemetry.Proto.Resource;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace AspireChain.Testing.Telemetry;

/// <summary>How OTLP's wire values (attributes, ids, nanosecond times, resources) become the store's plain values.</summary>
internal static class OtlpValues
{
    public const string UnknownService = "unknown_service";

    public static IReadOnlyDictionary<string, string> Attributes(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = Text(attribute.Value);
        }

        return result;
    }

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(pair => $"{pair.Key}: {Text(pair.Value)}")) + "}",
        _ => string.Empty,
    };

    /// <summary>Lower-case hex, W3C style; null for an absent (empty or all-zero) id such as a root span's parent.</summary>
    public static string? Id(ByteString id) =>
        id.IsEmpty || id.Span.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(id.Span);

    public static DateTimeOffset Time(ulong unixNanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanoseconds / 100));

    /// <summary>The service a resource describes: <c>service.name</c>, and <c>service.instance.id</c> falling back to the name.</summary>
    public static (string Name, string InstanceId) Service(Resource? resource)
    {
        string? name = null, instance = null;
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                switch (attribute.Key)
                {
                    case "service.name":
                        name = Text(attribute.Value);
                        break;
                    case "service.instance.id":
                        instance = Text(attribute.Value);
                        break;
                }
            }
        }

        name = string.IsNullOrEmpty(name) ? UnknownService : name;
        return (name, string.IsNullOrEmpty(instance) ? name : instance);
    }
}
