using System.Text;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AspireChain.Kafka.Tests.Fuzzing;

/// <summary>One test per hole found in the ServiceDefaults readers of records and headers, each with its exact outcome.</summary>
public sealed class KafkaParserHoleTests
{
    private const string Valid = """{"kind":"block","id":"00ab","height":7,"reason":"high-hash","detail":null,"source":"validator","timestamp":"2026-01-02T03:04:05+00:00"}""";

    private static (bool Parsed, string? Error) TryParse(string json)
    {
        var parsed = Rejection.TryParse(Encoding.UTF8.GetBytes(json), out var rejection, out var error);
        Assert.Equal(parsed, rejection is not null);
        return (parsed, error);
    }

    [Fact]
    public void The_valid_sample_parses() => Assert.True(TryParse(Valid).Parsed);

    [Theory]
    [InlineData("\"id\":\"00ab\"", "\"id\":null", "'id' is missing or null")]
    [InlineData("\"kind\":\"block\",", "", "'kind' is missing or null")]
    [InlineData("\"kind\":\"block\"", "\"kind\":\"blocks\"", "'kind' is neither transaction nor block")]
    [InlineData("\"reason\":\"high-hash\"", "\"reason\":null", "'reason' is missing or null")]
    [InlineData("\"reason\":\"high-hash\"", "\"reason\":\"\"", "'reason' is empty")]
    [InlineData("\"source\":\"validator\",", "", "'source' is missing or null")]
    [InlineData(",\"timestamp\":\"2026-01-02T03:04:05+00:00\"", "", "'timestamp' is missing or null")]
    public void A_rejection_missing_or_nulling_a_required_field_is_refused_naming_it(string field, string replacement, string expected)
    {
        // Was: Parse returned the half-built record, and the status follower's rejection.Id.ToLowerInvariant() threw.
        var json = Valid.Replace(field, replacement, StringComparison.Ordinal);
        Assert.Equal((false, expected), TryParse(json));
        var thrown = Assert.Throws<JsonException>(() => Rejection.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(expected, thrown.Message);
    }

    [Fact]
    public void A_duplicated_rejection_field_is_refused()
    {
        // Was: the last duplicate silently won, so two readers could disagree on what a record says.
        var (parsed, error) = TryParse(Valid.Replace("{", "{\"id\":\"ff\",", StringComparison.Ordinal));
        Assert.False(parsed);
        Assert.Contains("'id'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversize_rejection_is_refused_before_reading()
    {
        var (parsed, error) = TryParse(new string(' ', Rejection.MaxJsonBytes + 1));
        Assert.False(parsed);
        Assert.Equal($"{Rejection.MaxJsonBytes + 1} bytes, limit {Rejection.MaxJsonBytes}", error);
    }

    [Fact]
    public void A_null_trace_header_value_is_no_trace_context()
    {
        // Was: Encoding.UTF8.GetString(null) threw in the header getter, survived only because the propagators swallow (and log) getter exceptions.
        var headers = new Headers { { KafkaHeaderNames.TraceParent, null }, { KafkaHeaderNames.Baggage, null } };
        Assert.Equal(default, KafkaTracing.ExtractActivityContext(headers));
        var result = new ConsumeResult<string, byte[]> { Topic = Topics.Blocks, Message = new Message<string, byte[]> { Key = "1", Value = [], Headers = headers } };
        KafkaTracing.StartProcessActivity(result)?.Dispose();
    }
}
