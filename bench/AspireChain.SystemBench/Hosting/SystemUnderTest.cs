namespace AspireChain.SystemBench.Hosting;

/// <summary>The system a bench drives: where its two HTTP services are and which processes do its work.</summary>
public interface ISystemUnderTest : IAsyncDisposable
{
    /// <summary>TransactionIngest's base URL.</summary>
    Uri Ingest { get; }

    /// <summary>ChainQuery's base URL.</summary>
    Uri ChainQuery { get; }

    /// <summary>How many miner replicas run (for the verifications-per-transfer model), or null when unknown.</summary>
    int? Miners { get; }

    /// <summary>The folder under which each service instance keeps its stores (one sub-folder per instance), or null when unknown.</summary>
    string? DataDirectory { get; }

    /// <summary>One line saying what was started or found.</summary>
    string Description { get; }

    /// <summary>The processes to measure now, each named by its service instance (a replica name for miners).</summary>
    IReadOnlyList<ServiceProcess> Processes();
}
