using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.Miner.Options;
using AspireChain.Miner.Producers;
using Microsoft.Extensions.Options;

namespace AspireChain.Miner.Pool;

/// <summary>
/// Every <see cref="MinerOptions.SweepInterval"/>, settles what waits in the pool so junk does not linger: a held
/// transaction whose sender can pay now joins the templates, one still unpayable after <see cref="MinerOptions.FundsGrace"/>
/// is rejected (<c>insufficient-funds</c>), so is a selectable one its sender cannot pay together with its pending
/// predecessors, and one stuck behind a nonce gap for <see cref="MinerOptions.MaxGapWait"/> (<c>bad-nonce</c>).
/// Rejections are queued, never awaited. Nothing is judged while following <c>blocks</c> is stopped: balances would be stale.
/// </summary>
internal sealed partial class PendingSweep(
    FollowedChain chain,
    FollowerStatus following,
    PartitionedMempool pool,
    RejectionOutbox rejections,
    IOptions<MinerOptions> options,
    TimeProvider time,
    ILogger<PendingSweep> logger) : BackgroundService
{
    private readonly MinerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await following.CaughtUp.WaitAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(_options.SweepInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (following.Halted is null)
                {
                    Sweep();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass over the held and the waiting transactions.</summary>
    internal void Sweep()
    {
        var now = time.GetUtcNow();
        var rejected = 0;
        foreach (var held in pool.Held())
        {
            var tx = held.Transaction;
            var account = chain.Read(c => c.GetAccount(tx.SenderAddress));
            var cost = tx.Amount + tx.Fee < tx.Amount ? ulong.MaxValue : tx.Amount + tx.Fee;
            if (tx.Nonce < account.Nonce)
            {
                rejected += Reject(held, RejectReason.BadNonce, $"nonce {tx.Nonce} already used (account is at {account.Nonce})");
            }
            else if (account.Balance >= cost)
            {
                if (pool.Release(tx.Id).ToReject is { } loser)
                {
                    rejected += Reject(loser, RejectReason.BadNonce, "another pending transaction holds this nonce with at least this fee");
                }
            }
            else if (now - held.ReceivedAt >= _options.FundsGrace)
            {
                rejected += Reject(held, RejectReason.InsufficientFunds, $"needs {cost}, balance {account.Balance} (held {_options.FundsGrace.TotalSeconds:0.#} s)");
            }
        }

        foreach (var (pending, cost, balance) in pool.Unpayable(address => chain.Read(c => c.GetAccount(address)), now - _options.FundsGrace))
        {
            rejected += Reject(pending, RejectReason.InsufficientFunds, $"needs {cost} with the sender's pending transactions before it, balance {balance}");
        }

        foreach (var pending in pool.WaitingSince(now - _options.MaxGapWait))
        {
            var accountNonce = chain.Read(c => c.GetAccount(pending.Transaction.SenderAddress).Nonce);
            if (pending.Transaction.Nonce > accountNonce)
            {
                rejected += Reject(pending, RejectReason.BadNonce, $"nonce {pending.Transaction.Nonce} waited {_options.MaxGapWait} for nonce {accountNonce} of its sender");
            }
        }

        if (rejected > 0)
        {
            LogSwept(logger, rejected);
        }
    }

    private int Reject(PendingTransaction pending, RejectReason reason, string detail) =>
        rejections.Reject(pending, ValidationResult.Fail(reason, detail)) ? 1 : 0;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep queued {Count} rejection(s)")]
    private static partial void LogSwept(ILogger logger, int count);
}
