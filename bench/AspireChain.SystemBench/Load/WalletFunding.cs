using System.Diagnostics;
using AspireChain.SystemBench.Report;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;
using AspireChain.Client.Wallets;
using AspireChain.Ledger;

namespace AspireChain.SystemBench.Load;

/// <summary>
/// Tops each wallet up to one coin from the dev faucet (enough for a hundred thousand transfers of the bench's sizes)
/// and waits until every funding is confirmed, plus a short grace so miners a little behind ChainQuery see the balances.
/// </summary>
public sealed class WalletFunding(IngestClient ingest, ChainQueryClient chainQuery, NetworkParameters network)
{
    private const int MaxBatch = 1000;
    private static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(2);

    /// <summary>Funds the wallets below one coin; returns how many were funded and how long their confirmations took.</summary>
    public async Task<FundingFigures> FundAsync(Wallet faucet, IReadOnlyList<Wallet> wallets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(faucet);
        ArgumentNullException.ThrowIfNull(wallets);
        var target = NetworkParameters.UnitsPerCoin;
        var heightBefore = (await chainQuery.GetStatsAsync(cancellationToken)).Height;
        var balances = await Task.WhenAll(wallets.Select(w => chainQuery.GetAccountAsync(w.Address.ToString(), cancellationToken)));
        var fundings = wallets.Zip(balances)
            .Where(p => (ulong)p.Second.Balance < target)
            .Select(p => new Submission(faucet.Transfer(p.First.Address, target - (ulong)p.Second.Balance, LoadDriver.Fee, network)))
            .ToList();
        foreach (var chunk in fundings.Chunk(MaxBatch))
        {
            await ingest.SubmitBatchAsync(chunk, cancellationToken);
        }

        if (fundings.FirstOrDefault(f => f.RefusedByIngest) is { } refused)
        {
            throw new ServiceRefusedException($"TransactionIngest refused a faucet funding ({refused.RejectReason}: {refused.RejectDetail}).");
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (fundings.Any(f => f.ConfirmedAt is null))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{fundings.Count(f => f.ConfirmedAt is null)} of {fundings.Count} fundings not confirmed within {timeout.TotalSeconds:0} s.");
            }

            await Parallel.ForEachAsync(fundings.Where(f => f.ConfirmedAt is null).ToList(), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (funding, ct) =>
            {
                var status = await chainQuery.GetStatusAsync(funding.Id, ct);
                if (status?.Status == TransactionStatusView.Rejected)
                {
                    throw new ServiceRefusedException($"A faucet funding was rejected ({status.Reason}: {status.Detail}).");
                }

                if (status?.Status == TransactionStatusView.Confirmed)
                {
                    funding.ConfirmedAt = Stopwatch.GetTimestamp();
                }
            });
            await Task.Delay(250, cancellationToken);
        }

        if (fundings.Count > 0)
        {
            await Task.Delay(SettleDelay, cancellationToken);
        }

        var confirmedMs = fundings.Select(f => Stopwatch.GetElapsedTime(f.SubmittedAt!.Value, f.ConfirmedAt!.Value).TotalMilliseconds).ToList();
        return new FundingFigures(fundings.Count, heightBefore, confirmedMs.Count == 0 ? null : confirmedMs.Min(), confirmedMs.Count == 0 ? null : confirmedMs.Max());
    }
}
