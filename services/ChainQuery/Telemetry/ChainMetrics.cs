using System.Diagnostics.Metrics;
using AspireChain.ChainQuery.Options;
using AspireChain.ChainQuery.Storage;
using AspireChain.Contracts.Telemetry;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Telemetry;

/// <summary>
/// The chain's own figures as OpenTelemetry instruments, emitted by ChainQuery from its read model so any metrics
/// backend (the Aspire dashboard's Metrics page) can chart height, throughput, work and lost races. One meter,
/// <see cref="MeterName"/>; every instrument is named <c>aspirechain.chain.*</c>.
/// </summary>
public sealed class ChainMetrics : IDisposable
{
    /// <summary>Name of the meter (matched by the service defaults' <see cref="ChainSources.Wildcard"/> subscription).</summary>
    public const string MeterName = ChainSources.Chain;

    /// <summary>Gauge: height of the stored tip.</summary>
    public const string Height = ChainMeters.ChainHeight;

    /// <summary>Counter: transfers confirmed (coinbases excluded); its rate is the chain's throughput in tx/s.</summary>
    public const string TransactionsConfirmed = ChainMeters.ChainTransactionsConfirmed;

    /// <summary>Counter: blocks applied to the read model.</summary>
    public const string BlocksApplied = ChainMeters.ChainBlocksApplied;

    /// <summary>Counter: candidates rejected as stale (they lost the race for their height).</summary>
    public const string CandidatesStale = ChainMeters.ChainCandidatesStale;

    /// <summary>Counter: candidates rejected as invalid (any reason but stale), tagged with <see cref="ReasonTag"/>.</summary>
    public const string CandidatesRejected = ChainMeters.ChainCandidatesRejected;

    /// <summary>Histogram: seconds between a block's header timestamp and its predecessor's.</summary>
    public const string BlockInterval = ChainMeters.ChainBlockInterval;

    /// <summary>Gauge: estimated network hash rate over the recent block window (expected hashes per block over elapsed time).</summary>
    public const string HashRate = ChainMeters.ChainHashRate;

    /// <summary>Histogram: seconds from a transfer's record on <c>transactions</c> (its submission) to the block confirming it being applied.</summary>
    public const string ConfirmationDuration = ChainMeters.ChainConfirmationDuration;

    /// <summary>The reject code attribute on <see cref="CandidatesRejected"/>.</summary>
    public const string ReasonTag = ChainAttributes.RejectionReason;

    private const string Stale = "stale";

    // Seconds, from sub-second blocks on the test network to minutes-long waits.
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Meter _meter;
    private readonly ReadModelQueries _queries;
    private readonly int _window;
    private readonly Counter<long> _transactionsConfirmed;
    private readonly Counter<long> _blocksApplied;
    private readonly Counter<long> _candidatesStale;
    private readonly Counter<long> _candidatesRejected;
    private readonly Histogram<double> _blockInterval;
    private readonly Histogram<double> _confirmationDuration;
    private long _height;
    private double _hashRate;

    /// <summary>Creates the meter through the host's factory (so tests can listen to exactly this host's) and reads the stored tip.</summary>
    public ChainMetrics(IMeterFactory meterFactory, ReadModelQueries queries, IOptions<ChainQueryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _queries = queries;
        _window = options.Value.StatsWindowBlocks;
        _meter = meterFactory.Create(MeterName);
        _transactionsConfirmed = _meter.CreateCounter<long>(TransactionsConfirmed, "{transaction}", "Transfers confirmed (coinbases excluded); the rate is tx/s.");
        _blocksApplied = _meter.CreateCounter<long>(BlocksApplied, "{block}", "Blocks applied to the read model.");
        _candidatesStale = _meter.CreateCounter<long>(CandidatesStale, "{block}", "Candidates rejected as stale: they lost the race for their height.");
        _candidatesRejected = _meter.CreateCounter<long>(CandidatesRejected, "{block}", "Candidates rejected as invalid, by reason.");
        _blockInterval = _meter.CreateHistogram(BlockInterval, "s", "Time between a block's header timestamp and its predecessor's.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _confirmationDuration = _meter.CreateHistogram(ConfirmationDuration, "s", "From a transfer's submission record to its block being applied.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _meter.CreateObservableGauge(Height, ObserveHeight, "{block}", "Height of the chain's tip as stored by ChainQuery.");
        _meter.CreateObservableGauge(HashRate, ObserveHashRate, "{hash}/s", "Estimated network hash rate over the recent block window.");
        Refresh();
    }

    /// <summary>Counts an applied block, its transfers, its interval and how long its transfers took to confirm.</summary>
    public void BlockApplied(StoredBlock block, IReadOnlyList<double> confirmationSeconds)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(confirmationSeconds);
        _blocksApplied.Add(1);
        _transactionsConfirmed.Add(block.Transactions.Count(tx => !tx.IsCoinbase));
        foreach (var seconds in confirmationSeconds)
        {
            _confirmationDuration.Record(seconds);
        }

        var recent = Refresh();
        // Genesis has a fixed timestamp, so the first mined block has no meaningful interval.
        if (recent.Count >= 2 && recent[^1].Height == block.Height && recent[^2].Height == block.Height - 1)
        {
            _blockInterval.Record((recent[^1].TimestampMs - recent[^2].TimestampMs) / 1000.0);
        }
    }

    /// <summary>Counts a rejected candidate: stale, or invalid with its reason.</summary>
    public void CandidateRejected(string reason)
    {
        if (reason == Stale)
        {
            _candidatesStale.Add(1);
        }
        else
        {
            _candidatesRejected.Add(1, new KeyValuePair<string, object?>(ReasonTag, ReasonTagValue(reason)));
        }
    }

    /// <summary>Records a confirmation whose submission was seen only after its block was applied.</summary>
    public void TransactionConfirmed(double seconds) => _confirmationDuration.Record(seconds);

    /// <summary>Re-reads the tip height and the hash-rate estimate from the read model (e.g. once genesis is stored).</summary>
    public IReadOnlyList<RecentBlock> Refresh()
    {
        var recent = _queries.RecentBlocks(_window).ToList();
        Interlocked.Exchange(ref _height, _queries.TipHeight());
        Interlocked.Exchange(ref _hashRate, ChainRates.Over(recent).HashRate);
        return recent;
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    // Reject codes are short kebab-case words; anything else on the topic must not mint new time series.
    private static string ReasonTagValue(string reason) =>
        reason.Length is > 0 and <= 32 && reason.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') ? reason : "other";

    private IEnumerable<Measurement<long>> ObserveHeight()
    {
        var height = Interlocked.Read(ref _height);
        return height >= 0 ? [new Measurement<long>(height)] : [];
    }

    private IEnumerable<Measurement<double>> ObserveHashRate() => [new Measurement<double>(Volatile.Read(ref _hashRate))];
}
