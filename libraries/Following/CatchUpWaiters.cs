using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace AspireChain.Following;

/// <summary>
/// Callers waiting for the follower to have read <c>blocks</c> to where it ended when they asked (a validator taking
/// over, a retry after an ambiguous commit): registered from any thread, answered on the follower's consume thread.
/// </summary>
public sealed partial class CatchUpWaiters(FollowerStatus status, ILogger<CatchUpWaiters> logger)
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private readonly List<CatchUpRequest> _waiting = [];

    /// <summary>
    /// Completes true once every record that was on <c>blocks</c> when this was called has been handled (so the chain
    /// reflects everything published before); false after <paramref name="timeout"/> or when following is stopped.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (status.Halted is not null)
        {
            return false;
        }

        var request = new CatchUpRequest();
        lock (_gate)
        {
            _waiting.Add(request);
        }

        try
        {
            return await request.Completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            lock (_gate)
            {
                _waiting.Remove(request);
            }
        }
    }

    /// <summary>On the consume thread: learns where the log ends for new requests and answers those whose end has been handled.</summary>
    public void Answer(IConsumer<string, byte[]> consumer, TopicPartition partition, long endReached)
    {
        List<CatchUpRequest> waiting;
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                return;
            }

            waiting = [.. _waiting];
        }

        if (waiting.Any(r => r.Target is null))
        {
            long end;
            try
            {
                end = consumer.QueryWatermarkOffsets(partition, WatermarkTimeout).High.Value;
            }
            catch (KafkaException e)
            {
                LogWatermarkFailed(logger, e.Error.Reason);
                return;
            }

            foreach (var request in waiting.Where(r => r.Target is null))
            {
                request.Target = end;
            }
        }

        // Records before the position have been handled (Handle runs on this thread right after Consume).
        var position = consumer.Position(partition);
        var handled = Math.Max(endReached, position == Offset.Unset ? -1 : position.Value);
        foreach (var request in waiting.Where(r => r.Target is { } target && handled >= target))
        {
            request.Completion.TrySetResult(true);
        }
    }

    /// <summary>Answers every caller still waiting with <paramref name="caughtUp"/> (following stopped, or shutting down).</summary>
    public void CompleteAll(bool caughtUp)
    {
        lock (_gate)
        {
            foreach (var request in _waiting)
            {
                request.Completion.TrySetResult(caughtUp);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not learn where blocks ends: {Reason}")]
    private static partial void LogWatermarkFailed(ILogger logger, string reason);

    private sealed class CatchUpRequest
    {
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long? Target { get; set; }
    }
}
