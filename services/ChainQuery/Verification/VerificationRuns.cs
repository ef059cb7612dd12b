using AspireChain.ChainQuery.Apis;
using AspireChain.ChainQuery.Options;
using AspireChain.ChainQuery.Storage;
using AspireChain.Following;
using Microsoft.Extensions.Options;

namespace AspireChain.ChainQuery.Verification;

/// <summary>
/// Owns chain verification as an operation: at most one run at a time (asking while one runs gets that run), each on a
/// background task over its own consistent read of the store, so the follower keeps applying blocks; cancelled when the
/// host stops; its progress readable at any moment, its verdict and checkpoint kept in the read model's file.
/// </summary>
public sealed partial class VerificationRuns(
    StoredChainVerifier verifier,
    VerificationStore runs,
    BlockStore store,
    IOptions<ChainQueryOptions> options,
    TimeProvider clock,
    ILogger<VerificationRuns> logger) : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private VerificationRun? _current;
    private Task _running = Task.CompletedTask;

    /// <summary>
    /// Starts a run as <paramref name="request"/> asks, or returns the one already running (whatever it was asked
    /// with); <c>Started</c> says which.
    /// </summary>
    public (ChainVerificationRun Run, bool Started) Start(VerificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_current is { } running)
            {
                return (running.View(), false);
            }

            var pace = request.SignaturesPerSecond ?? options.Value.VerificationSignaturesPerSecond;
            int? limit = pace > 0 ? pace : null;
            var startedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var run = new VerificationRun(runs.Begin(request, limit, startedAt), request, limit, startedAt, clock);
            _current = run;
            LogStarted(run.Id, request.Full ? VerificationStates.Full : VerificationStates.Incremental, limit);
            _running = Task.Run(() => ExecuteAsync(run, _stopping.Token));
            return (run.View(), true);
        }
    }

    /// <summary>The running run, else the newest kept one; null when none ever ran.</summary>
    public ChainVerificationRun? Latest()
    {
        lock (_gate)
        {
            if (_current is { } running)
            {
                return running.View();
            }
        }

        return runs.Latest();
    }

    /// <summary>Run <paramref name="id"/> (running or kept), or null.</summary>
    public ChainVerificationRun? Find(long id)
    {
        lock (_gate)
        {
            if (_current is { } running && running.Id == id)
            {
                return running.View();
            }
        }

        return runs.Find(id);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = runs.Interrupt(clock.GetUtcNow().ToUnixTimeMilliseconds());
        if (interrupted > 0)
        {
            LogLeftRunning(interrupted);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task running;
        lock (_gate)
        {
            _stopping.Cancel();
            running = _running;
        }

        // The run records itself interrupted on its way out; the host's own timeout bounds the wait.
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    private async Task ExecuteAsync(VerificationRun run, CancellationToken cancellationToken)
    {
        ChainVerificationRun finished;
        VerificationCheckpoint? checkpoint = null;
        try
        {
            VerificationOutcome outcome;
            VerificationCheckpoint? from;
            using (var reader = store.OpenReader())
            {
                from = run.Request.Full ? null : VerificationStore.Checkpoint(reader);
                outcome = await verifier.VerifyAsync(reader, from, run, run.SignaturesPerSecond, cancellationToken).ConfigureAwait(false);
            }

            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            finished = outcome.Valid
                ? run.Finished(VerificationStates.Valid, now, null, null, null)
                : run.Finished(VerificationStates.Invalid, now, outcome.FirstBadHeight, outcome.Reason, outcome.Detail);
            // Nothing new since the checkpoint the run started from: it stays as it is.
            checkpoint = outcome.Checkpoint is { } reached && reached.Height != from?.Height ? reached : null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            finished = run.Finished(VerificationStates.Interrupted, clock.GetUtcNow().ToUnixTimeMilliseconds(), null, null, "ChainQuery stopped before the run finished.");
        }
        catch (Exception e)
        {
            LogFailed(e, run.Id);
            finished = run.Finished(VerificationStates.Failed, clock.GetUtcNow().ToUnixTimeMilliseconds(), null, null, $"{e.GetType().Name}: {e.Message}");
        }

        try
        {
            runs.Finish(finished, checkpoint);
        }
        catch (Exception e)
        {
            // The verdict is still shown until the next run; only its persistence is lost.
            LogNotRecorded(e, run.Id);
        }

        lock (_gate)
        {
            _current = null;
        }

        if (finished.Valid)
        {
            LogValid(run.Id, finished.Mode, finished.FromHeight, finished.Height, finished.BlocksChecked, finished.TransfersChecked, finished.DurationMs);
        }
        else
        {
            LogNotValid(run.Id, finished.State, finished.FirstBadHeight, finished.Reason, finished.Detail, finished.DurationMs);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Chain verification run {RunId} started ({Mode}, {SignaturesPerSecond} signatures/s at most)")]
    private partial void LogStarted(long runId, string mode, int? signaturesPerSecond);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Chain verification run {RunId} valid ({Mode}): heights {FromHeight}..{Height}, {Blocks} blocks, {Transfers} transfer signatures in {DurationMs} ms")]
    private partial void LogValid(long runId, string mode, long fromHeight, long height, long blocks, long transfers, long durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Chain verification run {RunId} {State} at height {FirstBadHeight}: {Reason} {Detail} (after {DurationMs} ms)")]
    private partial void LogNotValid(long runId, string state, long? firstBadHeight, string? reason, string? detail, long durationMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Chain verification run {RunId} could not read the store")]
    private partial void LogFailed(Exception exception, long runId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Chain verification run {RunId}: its verdict could not be stored")]
    private partial void LogNotRecorded(Exception exception, long runId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Runs} chain verification run(s) were still running when ChainQuery last stopped: recorded as interrupted")]
    private partial void LogLeftRunning(int runs);
}
