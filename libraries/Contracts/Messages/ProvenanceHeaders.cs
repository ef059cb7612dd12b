using System.Globalization;
using System.Text;
using AspireChain.Contracts.Kafka;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// Carries a candidate's informational headers (miner instance, proof-of-work attempts and search time, when it was
/// mined) over to the accepted block's record and adds when the Validator validated it, so ChainQuery can show a
/// block's lifecycle (the headers of a <see cref="BlockMessage"/>). The values are copied as opaque bytes: the Validator neither reads nor trusts them.
/// </summary>
internal static class ProvenanceHeaders
{
    // Room for any honest value; a miner sending more gets nothing carried over rather than bloating blocks.
    private const int MaxValueBytes = 256;

    /// <summary>Adds the carried-over headers of <paramref name="candidate"/> and the validation time to <paramref name="block"/>.</summary>
    public static void CarryOver(Headers? candidate, Headers block, DateTimeOffset validatedAt)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (candidate is not null)
        {
            foreach (var name in KafkaHeaderNames.CandidateProvenance)
            {
                if (candidate.TryGetLastBytes(name, out var value) && value is { Length: <= MaxValueBytes })
                {
                    block.Add(name, value);
                }
            }
        }

        block.Add(KafkaHeaderNames.ValidatedAtMs, Encoding.UTF8.GetBytes(validatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
    }
}
