using System.Globalization;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;

namespace AspireChain.Testing;

/// <summary>
/// The broker and configuration every in-process service test starts from: embedded Kafka, Chain network <c>test</c>
/// (trivial difficulty: about one hash per block).
/// </summary>
public static class TestNetwork
{
    /// <summary>The chain parameters the hosted services run with (<c>Chain:Network=test</c>).</summary>
    public static NetworkParameters Parameters => NetworkParameters.Test;

    /// <summary>A one-broker embedded cluster with a short initial rebalance delay so groups form quickly.</summary>
    public static EmbeddedKafkaBroker StartBroker() => EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions
    {
        BrokerCount = 1,
        InitialRebalanceDelay = TimeSpan.FromMilliseconds(100),
    });

    /// <summary>Settings shared by every service.</summary>
    public static Dictionary<string, string?> Common(EmbeddedKafkaBroker broker) => Common(broker.BootstrapServers);

    /// <summary>Settings shared by every service, for a broker known by its address.</summary>
    public static Dictionary<string, string?> Common(string bootstrapServers) => new()
    {
        ["ConnectionStrings:kafka"] = bootstrapServers,
        ["Chain:Network"] = "test",
        ["Kafka:ProvisionTopics"] = "false",
    };

    /// <summary>A miner replica: <paramref name="maxWait"/> between cuts, empty blocks as asked.</summary>
    public static Dictionary<string, string?> Miner(EmbeddedKafkaBroker broker, string instance, TimeSpan maxWait, bool allowEmptyBlocks = false, int maxBlockTransactions = 500)
    {
        var settings = Common(broker);
        settings["Miner:InstanceId"] = instance;
        // A store per started replica: a file left by an earlier test would describe another broker's chain.
        settings["Miner:DataPath"] = Path.Combine(Path.GetTempPath(), "aspirechain-tests", Guid.NewGuid().ToString("N"), "miner.db");
        settings["Miner:MaxWait"] = maxWait.ToString();
        settings["Miner:AllowEmptyBlocks"] = allowEmptyBlocks.ToString();
        settings["Miner:MaxBlockTransactions"] = maxBlockTransactions.ToString(CultureInfo.InvariantCulture);
        settings["Miner:CommitInterval"] = "00:00:00.200";
        return settings;
    }

    /// <summary>The Validator with its store at <paramref name="dataPath"/>.</summary>
    public static Dictionary<string, string?> Validator(EmbeddedKafkaBroker broker, string dataPath)
    {
        var settings = Common(broker);
        settings["Validator:DataPath"] = dataPath;
        return settings;
    }
}
