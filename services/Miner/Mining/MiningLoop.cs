using System.Diagnostics;
using System.Globalization;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Contracts.Telemetry;
using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.Miner.Options;
using AspireChain.Miner.Producers;
using AspireChain.Miner.State;
using AspireChain.Miner.Telemetry;
using AspireChain.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using AspireChain.Miner.Identity;

namespace AspireChain.Miner.Mining;

/// <summary>
/// Cuts blocks like an ordering service (when the template is full, or after <see cref="MinerOptions.MaxWait"/> with
/// whatever it holds, or now on <c>POST /mine</c>: the same template, the same rules), searches a nonce, and publishes
/// the candidate to <c>candidates</c>. The template and the rejections it shows come from the <see cref="MinerState"/>;
/// this loop only times, searches and publishes. A new tip cancels the search at once and the loop starts over on the
/// new height. Nothing is mined while following <c>blocks</c> is stopped (the tip would be a wrong one); rejections are
/// queued, never awaited.
/// </summary>
internal sealed partial class MiningLoop(
    FollowerStatus following,
    MinerState state,
    RejectionOutbox rejections,
    MiningSignal signal,
    IProducer<string, byte[]> producer,
    IProofOfWork proofOfWork,
    MinerTelemetry telemetry,
    IOptions<MinerOptions> options,
    TimeProvider time,
    ILogger<MiningLoop> logger) : BackgroundService
{
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(10);
    private readonly MinerOptions _options = options.Value;
    private readonly Address _reward = MinerIdentity.RewardAddress(options.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await following.CaughtUpOrHalted.WaitAsync(stoppingToken).ConfigureAwait(false);
        LogStarted(logger, MinerIdentity.InstanceId(_options), _reward.ToString(), _options.Threads, proofOfWork.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            var tipMoved = state.TipMoved;
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, tipMoved);
            if (following.Halted is { } halted)
            {
                // A candidate on a tip this replica knows to be incomplete could only be stale or a fork.
                signal.Refuse($"following blocks stopped: {halted}");
                await signal.WaitAsync(_options.MaxWait, round.Token).ConfigureAwait(false);
                continue;
            }

            var wait = UntilCut();
            if (wait > TimeSpan.Zero)
            {
                await signal.WaitAsync(wait, round.Token).ConfigureAwait(false);
                continue;
            }

            var forced = signal.IsForced;
            var template = BuildTemplate();

            if (template.Transactions.Count == 1 && !forced && !_options.AllowEmptyBlocks)
            {
                // Nothing minable (e.g. every pending transaction waits behind a nonce gap): look again later.
                await signal.WaitAsync(_options.MaxWait, round.Token).ConfigureAwait(false);
                continue;
            }

            var (candidate, mining, report) = await MineAsync(template, round.Token).ConfigureAwait(false);
            if (candidate is null)
            {
                continue; // Cancelled by a new tip (or exhausted: the next template has a new timestamp).
            }

            if (following.Halted is not null)
            {
                // Following stopped while this block was cut or searched: its tip may be a wrong one, so it is never sent.
                mining?.Dispose();
                continue;
            }

            await PublishAsync(candidate, mining, report, stoppingToken).ConfigureAwait(false);
            // One candidate per height: wait for the Validator's verdict to move the tip, or retry if it never does.
            var publishedAt = Stopwatch.GetTimestamp();
            while (!round.IsCancellationRequested && !signal.IsForced)
            {
                var left = _options.CandidateTimeout - Stopwatch.GetElapsedTime(publishedAt);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                await signal.WaitAsync(left, round.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How long until a block should be cut; zero or less means now.</summary>
    private TimeSpan UntilCut()
    {
        var minable = state.Minable;
        if (signal.IsForced || minable >= _options.MaxBlockTransactions)
        {
            return TimeSpan.Zero;
        }

        if (minable == 0)
        {
            // Nothing to mine: an empty block MaxWait after the tip moved when allowed, else look again later.
            return _options.AllowEmptyBlocks ? AtLeastShortest(_options.MaxWait - state.TipAge) : _options.MaxWait;
        }

        // Counted from the oldest transfer, not from the tip: the replica that just won sits the next race out.
        return AtLeastShortest(CutDelay.After(_options.MaxWait, state.OldestWaiting(time.GetUtcNow())));
    }

    private static TimeSpan AtLeastShortest(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < ShortestWait ? ShortestWait : wait;

    private Block BuildTemplate()
    {
        var cut = state.Template(time.GetUtcNow());
        rejections.Enqueue(cut.Rejections);
        return cut.Block;
    }

    private async Task<(Block? Candidate, Activity? Mining, MiningReport Report)> MineAsync(Block template, CancellationToken cancellationToken)
    {
        var links = state.Origins(template).Select(context => new ActivityLink(context)).ToList();

        // The block continues the trace of its first (highest-fee) transaction and links every other one, so one trace
        // runs from a POST to the block's commit while each transaction's own trace can still find its block.
        Activity.Current = null;
        var activity = MinerTelemetry.Source.StartActivity(
            ChainSpans.BlockMine, ActivityKind.Internal, links.Count > 0 ? links[0].Context : default, links: links);
        activity?.SetTag(ChainAttributes.BlockHeight, template.Height);
        activity?.SetTag(ChainAttributes.BlockTransactionCount, template.Transactions.Count);
        activity?.SetTag(ChainAttributes.BlockDifficulty, template.Header.Target.ExpectedAttempts);
        activity?.SetTag(ChainAttributes.BlockTarget, template.Header.Target.ToString());
        activity?.SetTag(ChainAttributes.MinerInstance, MinerIdentity.InstanceId(_options));

        var (block, result) = await Task.Factory.StartNew(
            () => proofOfWork.Mine(template, _options.Threads, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ConfigureAwait(false);
        var report = new MiningReport(MinerIdentity.InstanceId(_options), result.Attempts, result.Elapsed, time.GetUtcNow());
        telemetry.Attempts.Add((long)result.Attempts);
        telemetry.RecordHashRate(result.HashRate);
        activity?.SetTag(ChainAttributes.ProofOfWorkAttempts, (long)result.Attempts);
        activity?.SetTag(ChainAttributes.ProofOfWorkHashRate, result.HashRate);
        activity?.SetTag(ChainAttributes.ProofOfWorkOutcome, result.Outcome.ToString());
        if (block is null)
        {
            activity?.Dispose();
            LogSearchEnded(logger, template.Height, result.Outcome, (long)result.Attempts);
            return (null, null, report);
        }

        activity?.SetTag(ChainAttributes.BlockHash, block.Hash.ToString());
        // Still open: the send span of PublishAsync is its child, so the Validator continues this trace.
        return (block, activity, report);
    }

    private async Task PublishAsync(Block candidate, Activity? mining, MiningReport report, CancellationToken cancellationToken)
    {
        Activity.Current = mining;
        try
        {
            // The report travels as informational headers only (who found it, how much work, when): the Validator never judges by them.
            var message = new CandidateMessage(candidate, report).ToMessage();
            await producer.ProduceTracedAsync(Topics.Candidates, message, cancellationToken).ConfigureAwait(false);
            state.Published(candidate);
            telemetry.BlocksMined.Add(1);
            signal.Published(candidate);
            LogMined(logger, candidate.Height, candidate.Hash.ToString(), candidate.Transactions.Count - 1);
        }
        catch (ProduceException<string, byte[]> e)
        {
            mining?.SetStatus(ActivityStatusCode.Error, e.Error.Reason);
            LogPublishFailed(logger, e, candidate.Height, e.Error.Reason);
            if (e.Error.Code == ErrorCode.MsgSizeTooLarge)
            {
                LogCutLimited(logger, candidate.Transactions.Count - 1, state.CandidateTooLarge(candidate.Transactions.Count - 1));
            }
        }
        finally
        {
            mining?.Dispose();
            Activity.Current = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Miner {Instance} started: reward to {Reward}, {Threads} thread(s), proof of work {ProofOfWork}")]
    private static partial void LogStarted(ILogger logger, string instance, string reward, int threads, string proofOfWork);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mined candidate {Height} {Hash} with {Count} transactions")]
    private static partial void LogMined(ILogger logger, ulong height, string hash, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Search for height {Height} ended {Outcome} after {Attempts} attempts")]
    private static partial void LogSearchEnded(ILogger logger, ulong height, ProofOfWorkOutcome outcome, long attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing candidate {Height} failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, ulong height, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A candidate of {Transfers} transfers is larger than the broker takes in one record: blocks are cut at {Limit} transfers from now on (lower Miner:MaxBlockTransactions)")]
    private static partial void LogCutLimited(ILogger logger, int transfers, int limit);
}
