using System.Security.Cryptography;
using System.Text;
using AspireChain.Ledger;
using AspireChain.Miner.Options;

namespace AspireChain.Miner.Identity;

/// <summary>Who this replica is (instance id) and where its rewards go, derived from configuration when not set.</summary>
internal static class MinerIdentity
{
    /// <summary>The replica name (resolved at start-up into <see cref="MinerOptions.InstanceId"/>).</summary>
    public static string InstanceId(MinerOptions options) => options.InstanceId ?? "miner";

    /// <summary>The reward address: the option, else the first 20 bytes of SHA-256 of the instance id (one address per replica).</summary>
    public static Address RewardAddress(MinerOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.RewardAddress))
        {
            return Address.Parse(options.RewardAddress);
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"aspirechain/miner-reward/{InstanceId(options)}"));
        return new Address(digest.AsSpan(0, Address.Size));
    }
}
