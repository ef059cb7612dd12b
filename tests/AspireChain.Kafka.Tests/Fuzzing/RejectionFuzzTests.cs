using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AspireChain.Contracts.Messages;
using CsCheck;

namespace AspireChain.Kafka.Tests.Fuzzing;

/// <summary>Whatever sits on the rejections topic, <see cref="Rejection.TryParse"/> answers false with a reason or a whole rejection that round-trips.</summary>
public sealed class RejectionFuzzTests
{
    private static readonly string[] Fields = ["kind", "id", "height", "reason", "detail", "source", "timestamp"];

    private static readonly string[] Replacements =
    [
        "null", "\"\"", "\"x\"", "true", "{}", "[]", "[null]", "0", "-1", "1.5", "9223372036854775808", "18446744073709551616", "1e400",
        "\"transaction\"", "\"block\"", "\"2026-01-02T03:04:05Z\"", "\"not a date\"", "\"0001-01-01T00:00:00+00:00\"", "\"7\"",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    ];

    internal static Gen<Rejection> Rejections { get; } =
        Gen.Select(Gen.OneOf(Gen.Const(RejectionKinds.Transaction), Gen.Const(RejectionKinds.Block)), Gen.String[1, 64], Gen.Long.Nullable(),
            Gen.String[1, 20], Gen.String.Null(), Gen.String[0, 20], Gen.DateTimeOffset)
            .Where((_, _, _, _, _, _, timestamp) => timestamp.Ticks != 0)
            .Select((kind, id, height, reason, detail, source, timestamp) => new Rejection(kind, id, height, reason, detail, source, timestamp));

    /// <summary>A valid rejection with one field replaced, removed, duplicated or an extra one added, then perhaps cut short.</summary>
    private static Gen<byte[]> Mutated { get; } =
        Gen.Select(Rejections, Gen.Int[0, 3], Gen.Int[0, Fields.Length - 1], Gen.Int[0, Replacements.Length - 1], Gen.Int[-1, 400])
            .Select((rejection, how, field, replacement, cut) =>
            {
                var json = JsonNode.Parse(rejection.ToMessage().Value)!.AsObject();
                string text;
                switch (how)
                {
                    case 0:
                        json[Fields[field]] = JsonNode.Parse(Replacements[replacement], documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
                        text = json.ToJsonString(new JsonSerializerOptions { MaxDepth = 256 });
                        break;
                    case 1:
                        json.Remove(Fields[field]);
                        text = json.ToJsonString();
                        break;
                    case 2:
                        text = "{\"" + Fields[field] + "\":" + Replacements[replacement] + "," + json.ToJsonString()[1..];
                        break;
                    default:
                        json["extra"] = replacement;
                        text = json.ToJsonString();
                        break;
                }
                var bytes = Encoding.UTF8.GetBytes(text);
                return cut < 0 || cut >= bytes.Length ? bytes : bytes[..cut];
            });

    [Fact]
    public void Arbitrary_bytes_never_throw() =>
        Gen.Byte.Array[0, 400].Sample(AssertTotal, iter: 10_000);

    [Fact]
    public void Mutated_rejections_never_throw_and_what_is_accepted_is_whole() =>
        Mutated.Sample(AssertTotal, iter: 10_000, print: b => Encoding.UTF8.GetString(b));

    [Fact]
    public void Valid_rejections_round_trip() =>
        Rejections.Sample(r =>
        {
            Assert.True(Rejection.TryParse(r.ToMessage().Value, out var back, out var error), error);
            Assert.Equal(r, back);
        }, iter: 2_000);

    private static void AssertTotal(byte[] input)
    {
        bool parsed;
        Rejection? rejection;
        string? error;
        try
        {
            parsed = Rejection.TryParse(input, out rejection, out error);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"Rejection.TryParse threw {e.GetType().Name} on '{Encoding.UTF8.GetString(input)}'", e);
        }
        if (!parsed)
        {
            Assert.False(string.IsNullOrEmpty(error));
            Assert.Throws<JsonException>(() => Rejection.Parse(input));
            return;
        }
        Assert.NotNull(rejection);
        Assert.Contains(rejection.Kind, new[] { RejectionKinds.Transaction, RejectionKinds.Block });
        Assert.NotNull(rejection.Id);
        Assert.False(string.IsNullOrEmpty(rejection.Reason));
        Assert.NotNull(rejection.Source);
        Assert.Equal(rejection, Rejection.Parse(rejection.ToMessage().Value));
    }
}
