using System.Globalization;
using System.Text;
using AspireChain.Contracts.Kafka;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using CsCheck;

namespace AspireChain.Kafka.Tests.Fuzzing;

/// <summary>Record headers are written by whoever reaches the broker: trace headers are read without ever throwing.</summary>
public sealed class HeaderFuzzTests
{
    private static readonly string[] Names = [KafkaHeaderNames.TraceParent, KafkaHeaderNames.TraceState, KafkaHeaderNames.Baggage, "aspirechain-next-candidate-offset", "other"];

    /// <summary>Null, empty, random, digit-heavy and almost-valid W3C values.</summary>
    private static readonly Gen<byte[]?> Values = Gen.Frequency<byte[]?>(
        (1, Gen.Const((byte[]?)null)),
        (3, Gen.Byte.Array[0, 80].Select(b => (byte[]?)b)),
        (3, Gen.Char["0123456789-+ "].Array[0, 24].Select(c => (byte[]?)Encoding.ASCII.GetBytes(c))),
        (3, Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[8], Gen.Int[0, 54], Gen.Char)
            .Select((trace, span, at, c) =>
            {
                var text = $"00-{Convert.ToHexStringLower(trace)}-{Convert.ToHexStringLower(span)}-01".ToCharArray();
                text[at] = c;
                return (byte[]?)Encoding.UTF8.GetBytes(text);
            })),
        (1, Gen.Int[0, 3].Select(i => (byte[]?)Encoding.UTF8.GetBytes(new string(',', 10_000 * i)))));

    [Fact]
    public void Arbitrary_headers_never_break_trace_extraction() =>
        Gen.Select(Gen.Int[0, Names.Length - 1], Values).Array[0, 6].Sample(pairs =>
        {
            var headers = new Headers();
            foreach (var (name, value) in pairs) headers.Add(Names[name], value);
            try
            {
                KafkaTracing.Extract(headers);
                var result = new ConsumeResult<string, byte[]> { Topic = Topics.Blocks, Message = new Message<string, byte[]> { Key = "1", Value = [], Headers = headers } };
                KafkaTracing.StartProcessActivity(result)?.Dispose();
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException(
                    $"threw {e.GetType().Name} on headers {string.Join(", ", pairs.Select(p => $"{Names[p.Item1]}={(p.Item2 is null ? "null" : Convert.ToHexStringLower(p.Item2))}"))}", e);
            }
        }, iter: 5_000);
}
