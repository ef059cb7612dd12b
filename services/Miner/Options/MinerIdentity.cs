using System.Security.Cryptography;
using System.Text;
using AspireChain.Ledger;

namespace AspireChain.Miner.Options;

/// <summary>Who this replica is (instance id) and where its rewards go, derived from configuration when not set.</summary>
internal static class MinerIdentity
{
    /// <summary>The replica name: the configured one, else <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c>, else the service name.</summary>
    public static string ResolveInstanceId(string? configured, string? resourceAttributes, string? serviceName)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        foreach (var pair in (resourceAttributes ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0] == "service.instance.id" && parts[1].Length > 0)
            {
                return parts[1];
            }
        }

        return string.IsNullOrWhiteSpace(serviceName) ? "miner" : serviceName;
    }

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
