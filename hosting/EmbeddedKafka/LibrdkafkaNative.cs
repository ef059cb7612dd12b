using System.Reflection;
using System.Runtime.InteropServices;

namespace AspireChain.EmbeddedKafka;

/// <summary>The slice of librdkafka's C API the embedded broker needs: a client handle and the mock cluster.</summary>
internal static partial class LibrdkafkaNative
{
    private const string Library = "librdkafka";

    // rd_kafka_type_t
    internal const int ProducerType = 0;

    // rd_kafka_conf_res_t
    internal const int ConfOk = 0;

    static LibrdkafkaNative() => NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, Resolve);

    [LibraryImport(Library)]
    internal static partial nint rd_kafka_conf_new();

    [LibraryImport(Library)]
    internal static partial void rd_kafka_conf_destroy(nint conf);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_conf_set(nint conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    internal static partial nint rd_kafka_new(int type, nint conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_destroy(nint rk);

    [LibraryImport(Library)]
    internal static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_cluster_destroy(nint mcluster);

    [LibraryImport(Library)]
    internal static partial nint rd_kafka_mock_cluster_bootstraps(nint mcluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(nint mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_down(nint mcluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_up(nint mcluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_rtt(nint mcluster, int brokerId, int rttMs);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_partition_set_leader(nint mcluster, string topic, int partition, int brokerId);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_push_request_errors_array(nint mcluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_clear_request_errors(nint mcluster, short apiKey);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(nint mcluster, int delayMs);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_start_request_tracking(nint mcluster);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_stop_request_tracking(nint mcluster);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_clear_requests(nint mcluster);

    [LibraryImport(Library)]
    internal static partial nint rd_kafka_mock_get_requests(nint mcluster, out nuint count);

    [LibraryImport(Library)]
    internal static partial short rd_kafka_mock_request_api_key(nint request);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_request_destroy_array(nint requests, nuint count);

    /// <summary>
    /// Loads the same native file Confluent.Kafka does: the default <c>librdkafka.so</c> needs libsasl2, which Debian 12
    /// lacks, and Confluent.Kafka then falls back to <c>centos8-librdkafka.so</c> (measured on Debian 12). dlopen of the same
    /// path yields the same handle, so our mock cluster lives in the very library the clients use.
    /// </summary>
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        return NativeLibrary.TryLoad(Library, assembly, searchPath, out var fallback) ? fallback : 0;
    }

    private static IEnumerable<string> Candidates()
    {
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var directories = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native"),
            Path.Combine(Path.GetDirectoryName(typeof(Confluent.Kafka.Library).Assembly.Location) ?? AppContext.BaseDirectory, "runtimes", rid, "native"),
        };
        foreach (var directory in directories.Distinct())
        {
            yield return Path.Combine(directory, "librdkafka.so");
            yield return Path.Combine(directory, "centos8-librdkafka.so");
        }
    }
}
