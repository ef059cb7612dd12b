using System.Globalization;
using System.Text;
using AspireChain.Contracts.Kafka;
using Confluent.Kafka;

namespace AspireChain.ChainQuery.Tests.Infrastructure;

/// <summary>The informational headers a miner and the Validator put on a <c>blocks</c> record, honest or garbled.</summary>
internal static class Provenance
{
    /// <summary>What a Validator would publish for a block <paramref name="instance"/> mined.</summary>
    public static Headers Honest(string instance, long attempts, double searchMs, long minedAtMs, long validatedAtMs) => Of(
        (KafkaHeaderNames.MinerInstance, instance),
        (KafkaHeaderNames.ProofOfWorkAttempts, attempts.ToString(CultureInfo.InvariantCulture)),
        (KafkaHeaderNames.ProofOfWorkSearchMs, searchMs.ToString(CultureInfo.InvariantCulture)),
        (KafkaHeaderNames.MinedAtMs, minedAtMs.ToString(CultureInfo.InvariantCulture)),
        (KafkaHeaderNames.ValidatedAtMs, validatedAtMs.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Headers with text values.</summary>
    public static Headers Of(params (string Name, string Value)[] headers)
    {
        var result = new Headers();
        foreach (var (name, value) in headers)
        {
            result.Add(name, Encoding.UTF8.GetBytes(value));
        }

        return result;
    }
}
