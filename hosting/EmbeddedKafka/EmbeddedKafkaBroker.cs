using System.Runtime.InteropServices;
using System.Text;
using AspireChain.Contracts.Kafka;
using Confluent.Kafka;

namespace AspireChain.EmbeddedKafka;

/// <summary>
/// A Kafka cluster inside this process: librdkafka's mock cluster listening on real 127.0.0.1 ports, so any
/// process connects with plain Confluent.Kafka. No Docker, no JVM. In memory only; see README "The embedded broker"
/// for its limits. Fault injection mirrors librdkafka's own mock tests.
/// </summary>
public sealed class EmbeddedKafkaBroker : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<int> _downBrokers = [];
    private nint _client;
    private nint _cluster;

    private EmbeddedKafkaBroker(nint client, nint cluster, int brokerCount)
    {
        _client = client;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
    }

    /// <summary>The bootstrap list (<c>127.0.0.1:port,…</c>): the value of <c>ConnectionStrings:kafka</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster has.</summary>
    public int BrokerCount { get; }

    /// <summary>The broker ids, 1..<see cref="BrokerCount"/>.</summary>
    public IEnumerable<int> BrokerIds => Enumerable.Range(1, BrokerCount);

    /// <summary>The topics created at start.</summary>
    public IReadOnlyList<TopicDefinition> Topics { get; private set; } = [];

    /// <summary>Starts a cluster with the topic catalog.</summary>
    public static EmbeddedKafkaBroker Start(EmbeddedKafkaOptions? options = null)
    {
        options ??= new EmbeddedKafkaOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BrokerCount, 1);

        // The mock cluster hangs off a client handle, as in librdkafka's tests; it never connects anywhere.
        var conf = LibrdkafkaNative.rd_kafka_conf_new();
        var error = new byte[512];
        // No bootstrap servers is expected on this handle: keep its log quiet.
        if (LibrdkafkaNative.rd_kafka_conf_set(conf, "log_level", "3", error, (nuint)error.Length) != LibrdkafkaNative.ConfOk)
        {
            LibrdkafkaNative.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"librdkafka configuration refused: {Text(error)}");
        }

        var client = LibrdkafkaNative.rd_kafka_new(LibrdkafkaNative.ProducerType, conf, error, (nuint)error.Length);
        if (client == 0)
        {
            LibrdkafkaNative.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"librdkafka could not create the handle for the mock cluster: {Text(error)}");
        }

        var cluster = LibrdkafkaNative.rd_kafka_mock_cluster_new(client, options.BrokerCount);
        if (cluster == 0)
        {
            LibrdkafkaNative.rd_kafka_destroy(client);
            throw new InvalidOperationException("librdkafka could not create the mock cluster.");
        }

        var broker = new EmbeddedKafkaBroker(client, cluster, options.BrokerCount);
        try
        {
            if (options.InitialRebalanceDelay is { } delay)
            {
                LibrdkafkaNative.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, (int)delay.TotalMilliseconds);
            }

            if (options.CreateTopics)
            {
                var catalog = TopicCatalog.Create(options.TransactionsPartitions);
                foreach (var topic in catalog)
                {
                    broker.CreateTopic(topic.Name, topic.Partitions);
                }

                broker.Topics = catalog;
            }
        }
        catch
        {
            broker.Dispose();
            throw;
        }

        return broker;
    }

    /// <summary>Creates a topic (the mock has no CreateTopics API).</summary>
    public void CreateTopic(string name, int partitions) =>
        Check(OnCluster(c => LibrdkafkaNative.rd_kafka_mock_topic_create(c, name, partitions, Math.Min(3, BrokerCount))), $"create topic {name}");

    /// <summary>Takes a broker down: its connections drop and new ones are refused until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId)
    {
        Check(OnCluster(c => LibrdkafkaNative.rd_kafka_mock_broker_set_down(c, brokerId)), $"set broker {brokerId} down");
        lock (_gate) { _downBrokers.Add(brokerId); }
    }

    /// <summary>Brings a broker back up.</summary>
    public void SetBrokerUp(int brokerId)
    {
        Check(OnCluster(c => LibrdkafkaNative.rd_kafka_mock_broker_set_up(c, brokerId)), $"set broker {brokerId} up");
        lock (_gate) { _downBrokers.Remove(brokerId); }
    }

    /// <summary>Whether <paramref name="brokerId"/> is up (not taken down by <see cref="SetBrokerDown"/>).</summary>
    public bool IsBrokerUp(int brokerId)
    {
        lock (_gate) { return _cluster != 0 && !_downBrokers.Contains(brokerId); }
    }

    /// <summary>Adds round-trip latency to every response of a broker (zero removes it).</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan rtt) =>
        Check(OnCluster(c => LibrdkafkaNative.rd_kafka_mock_broker_set_rtt(c, brokerId, (int)rtt.TotalMilliseconds)), $"set broker {brokerId} rtt");

    /// <summary>Moves a partition's leadership to another broker (clients see NOT_LEADER and follow).</summary>
    public void MovePartitionLeader(string topic, int partition, int brokerId) =>
        Check(OnCluster(c => LibrdkafkaNative.rd_kafka_mock_partition_set_leader(c, topic, partition, brokerId)), $"move {topic}[{partition}] leader to {brokerId}");

    /// <summary>The next requests of <paramref name="apiKey"/> (any broker) fail with <paramref name="errors"/>, in order.</summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = errors.Select(e => (int)e).ToArray();
        OnCluster(c => LibrdkafkaNative.rd_kafka_mock_push_request_errors_array(c, (short)apiKey, (nuint)codes.Length, codes));
    }

    /// <summary>Drops pending injected errors for <paramref name="apiKey"/>.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) =>
        OnCluster(c => LibrdkafkaNative.rd_kafka_mock_clear_request_errors(c, (short)apiKey));

    /// <summary>Starts recording every request the brokers receive (for asserting that retries really happened).</summary>
    public void StartRequestTracking() => OnCluster(c =>
    {
        LibrdkafkaNative.rd_kafka_mock_clear_requests(c);
        LibrdkafkaNative.rd_kafka_mock_start_request_tracking(c);
    });

    /// <summary>Stops recording requests.</summary>
    public void StopRequestTracking() => OnCluster(LibrdkafkaNative.rd_kafka_mock_stop_request_tracking);

    /// <summary>How many requests of <paramref name="apiKey"/> arrived, from any client, since <see cref="StartRequestTracking"/>.</summary>
    public int CountRequests(KafkaApiKey apiKey) => OnCluster(cluster =>
    {
        var requests = LibrdkafkaNative.rd_kafka_mock_get_requests(cluster, out var count);
        if (requests == 0)
        {
            return 0;
        }

        try
        {
            var matching = 0;
            for (nuint i = 0; i < count; i++)
            {
                var request = Marshal.ReadIntPtr(requests, checked((int)i * IntPtr.Size));
                if (LibrdkafkaNative.rd_kafka_mock_request_api_key(request) == (short)apiKey)
                {
                    matching++;
                }
            }

            return matching;
        }
        finally
        {
            LibrdkafkaNative.rd_kafka_mock_request_destroy_array(requests, count);
        }
    });

    /// <summary>Stops the cluster; connected clients see the brokers disappear.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != 0)
            {
                LibrdkafkaNative.rd_kafka_mock_cluster_destroy(_cluster);
                _cluster = 0;
            }

            if (_client != 0)
            {
                LibrdkafkaNative.rd_kafka_destroy(_client);
                _client = 0;
            }
        }
    }

    // Every call on the cluster holds the gate, so a concurrent Dispose cannot free it mid-call.
    private T OnCluster<T>(Func<nint, T> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == 0, this);
            return call(_cluster);
        }
    }

    private void OnCluster(Action<nint> call) => OnCluster(cluster =>
    {
        call(cluster);
        return true;
    });

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new KafkaException(new Error((ErrorCode)error, $"Embedded broker could not {what}."));
        }
    }

    private static string Text(byte[] nulTerminated) =>
        Encoding.UTF8.GetString(nulTerminated, 0, Math.Max(0, Array.IndexOf(nulTerminated, (byte)0)));
}
