using System.Globalization;
using System.Text;
using AspireChain.Contracts.Kafka;
using Confluent.Kafka;

namespace AspireChain.Contracts.Messages;

/// <summary>
/// How a winning nonce search went, told on the candidate record as informational Kafka headers so ChainQuery can show
/// who mined a block and how fast (the headers of a <see cref="CandidateMessage"/>). Display only: nothing downstream may decide anything on these values.
/// </summary>
/// <param name="Instance">The miner replica's name.</param>
/// <param name="Attempts">Hashes tried by the search.</param>
/// <param name="Duration">How long the search ran.</param>
/// <param name="FoundAt">When the nonce was found.</param>
public readonly record struct MiningReport(string Instance, ulong Attempts, TimeSpan Duration, DateTimeOffset FoundAt)
{
    /// <summary>The headers of <see cref="KafkaHeaderNames.CandidateProvenance"/>, as invariant UTF-8 text.</summary>
    public Headers ToHeaders() =>
    [
        new Header(KafkaHeaderNames.MinerInstance, Encoding.UTF8.GetBytes(Instance)),
        new Header(KafkaHeaderNames.ProofOfWorkAttempts, Text(Attempts.ToString(CultureInfo.InvariantCulture))),
        new Header(KafkaHeaderNames.ProofOfWorkSearchMs, Text(Duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture))),
        new Header(KafkaHeaderNames.MinedAtMs, Text(FoundAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))),
    ];

    private static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);
}
