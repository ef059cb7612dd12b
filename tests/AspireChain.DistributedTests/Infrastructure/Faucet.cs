using AspireChain.Ledger;

namespace AspireChain.DistributedTests.Infrastructure;

/// <summary>
/// The dev faucet of one running system: the one place that hands out its nonces, so tests sharing a system can fund
/// their own wallets one after another without ever signing two faucet transfers with the same nonce.
/// </summary>
internal sealed class Faucet(ChainClient client) : IDisposable
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
