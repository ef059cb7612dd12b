using AspireChain.Ledger;
using AspireChain.Testing;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// The dev faucet of one running system: the one place that hands out its nonces, so tests sharing a system can fund
/// their own wallets one after another without ever signing two faucet transfers with the same nonce.
/// </summary>
/// <param name="client">Submits the fundings and follows them on ChainQuery.</param>
/// <param name="waitForMiners">Completes once every running miner has followed the chain up to a height.</param>
internal sealed class Faucet(ChainClient client, Func<long, CancellationToken, Task> waitForMiners) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Wallet _wallet = new(DevFaucet.CreateKeyPair());

    public Address Address => _wallet.Address;

    /// <summary>Creates <paramref name="count"/> wallets, funds each with <paramref name="amount"/> and waits until every funding is confirmed.</summary>
    public async Task<IReadOnlyList<Wallet>> CreateFundedWalletsAsync(int count, ulong amount, CancellationToken cancellationToken)
    {
        var wallets = Enumerable.Range(0, count).Select(_ => Wallet.Create()).ToList();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var fundings = wallets.Select(w => _wallet.Transfer(w.Address, amount)).ToList();
            await client.SubmitAllAsync(fundings, cancellationToken);
            await client.WaitUntilConfirmedAsync(fundings.Select(t => t.Id), cancellationToken);
            // Miners judge balances on their own view of the chain, and one still catching up on blocks refuses a spend
            // of these funds as insufficient-funds for good (see the report): funding is done when every miner saw it.
            var heights = await Task.WhenAll(fundings.Select(t => client.Query.GetStatusAsync(t.Id.ToString(), cancellationToken)));
            await waitForMiners(heights.Max(h => h?.Height ?? 0), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        return wallets;
    }

    public void Dispose()
    {
        _wallet.Dispose();
        _gate.Dispose();
    }
}
