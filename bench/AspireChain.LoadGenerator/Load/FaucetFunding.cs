using System.Diagnostics;
using AspireChain.Client.Services;
using AspireChain.Client.Transfers;
using AspireChain.Client.Wallets;
using AspireChain.Ledger;

namespace AspireChain.LoadGenerator.Load;

/// <summary>
/// Tops up the run's wallets from the dev faucet (nonce tracked from ChainQuery) and waits until the fundings are
/// confirmed, plus a short grace so miners following the chain a little behind ChainQuery already see the balances
/// (a miner that has not applied the funding block refuses a spend as insufficient-funds). Miners mine no empty
/// blocks, so waiting for later blocks would wait forever on an idle chain.
/// </summary>
public sealed class FaucetFunding(IngestClient ingest, ChainQueryClient chainQuery, ConfirmationTracker tracker, NetworkParameters network)
{
    private static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(2);

    /// <summary>Sends each wallet whose balance is below <paramref name="amount"/> the difference; returns how many were funded.</summary>
    public async Task<int> FundAsync(Wallet faucet, IReadOnlyList<Wallet> wallets, ulong amount, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var fundings = new List<Submission>();
        foreach (var wallet in wallets)
        {
            var balance = (ulong)(await chainQuery.GetAccountAsync(wallet.Address.ToString(), cancellationToken)).Balance;
            if (balance < amount)
            {
                fundings.Add(new Submission(faucet.Transfer(wallet.Address, amount - balance, TransferPlan.Fee, network)));
            }
        }

        if (fundings.Count == 0)
        {
            return 0;
        }

        await ingest.SubmitBatchAsync(fundings, cancellationToken);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        if (!await tracker.WaitAsync(fundings, deadline, null, cancellationToken))
        {
            throw new TimeoutException($"{fundings.Count(f => f.ConfirmedAt is null)} of {fundings.Count} fundings not confirmed within {timeout.TotalSeconds:0} s.");
        }

        if (fundings.FirstOrDefault(f => f.RejectReason is not null) is { } rejected)
        {
            throw new ServiceRefusedException($"A faucet funding was rejected ({rejected.RejectReason}); is the chain running the dev or test preset?");
        }

        await Task.Delay(SettleDelay, cancellationToken);
        return fundings.Count;
    }
}
