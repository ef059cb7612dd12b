namespace AspireChain.SystemBench.Report;

/// <summary>What the live display shows once a second: the phase, the counts so far, recent rates and each service's CPU.</summary>
public sealed record ProgressSnapshot(
    string Phase,
    TimeSpan Elapsed,
    int Submitted,
    int Acknowledged,
    int Confirmed,
    int Rejected,
    int Outstanding,
    long TipHeight,
    double AcknowledgedPerSecond,
    double ConfirmedPerSecond,
    IReadOnlyList<(string Service, double Cores)> ServiceCores,
    double? LoadAverage);
