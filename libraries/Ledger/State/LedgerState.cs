namespace AspireChain.Ledger;

/// <summary>
/// Balances and nonces of every account (the account model). Blocks apply all-or-nothing: a failing transaction reverts
/// what the block already changed, and a <see cref="StateJournal"/> undoes an applied block exactly. Not thread-safe.
/// </summary>
public sealed class LedgerState
{
    private readonly Dictionary<Address, Account> _accounts = [];

    /// <summary>Sum of all balances (premine + subsidies − fees not claimed by a coinbase).</summary>
    public ulong TotalSupply { get; private set; }

    /// <summary>Every account with a non-default state.</summary>
    public IReadOnlyDictionary<Address, Account> Accounts => _accounts;

    /// <summary>The account's state (zero balance, nonce 0 when never seen).</summary>
    public Account GetAccount(Address address) => _accounts.GetValueOrDefault(address);

    /// <summary>Checks a transfer against the current state without changing it.</summary>
    public ValidationResult Check(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.IsCoinbase) return ValidationResult.Fail(RejectReason.UnexpectedCoinbase, "a coinbase is not a transfer");
        var sender = GetAccount(transaction.SenderAddress);
        if (transaction.Nonce != sender.Nonce)
            return ValidationResult.Fail(RejectReason.BadNonce, $"nonce {transaction.Nonce}, account expects {sender.Nonce}");
        if (!TryAdd(transaction.Amount, transaction.Fee, out var total))
            return ValidationResult.Fail(RejectReason.AmountOverflow, "amount + fee overflows");
        if (sender.Balance < total)
            return ValidationResult.Fail(RejectReason.InsufficientFunds, $"needs {total}, balance {sender.Balance}");
        if (transaction.Recipient == transaction.SenderAddress)
            return ValidationResult.Fail(RejectReason.SelfTransfer, "sender and recipient are the same account");
        if (!TryAdd(GetAccount(transaction.Recipient).Balance, transaction.Amount, out _))
            return ValidationResult.Fail(RejectReason.AmountOverflow, "recipient balance overflows");
        return ValidationResult.Ok;
    }

    /// <summary>Applies one transfer when <see cref="Check"/> passes, recording prior values in <paramref name="journal"/>.</summary>
    public ValidationResult TryApply(Transaction transaction, StateJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var check = Check(transaction);
        if (!check.IsValid) return check;
        journal.Start(TotalSupply);
        var sender = GetAccount(transaction.SenderAddress);
        Set(journal, transaction.SenderAddress, new Account(sender.Balance - transaction.Amount - transaction.Fee, sender.Nonce + 1));
        var recipient = GetAccount(transaction.Recipient);
        Set(journal, transaction.Recipient, recipient with { Balance = recipient.Balance + transaction.Amount });
        TotalSupply -= transaction.Fee; // burned here, re-minted by the coinbase
        return ValidationResult.Ok;
    }

    /// <summary>Credits newly minted coins (coinbase or premine), failing on overflow of the balance or the supply.</summary>
    public ValidationResult TryMint(Address recipient, ulong amount, StateJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var account = GetAccount(recipient);
        if (!TryAdd(account.Balance, amount, out var balance) || !TryAdd(TotalSupply, amount, out var supply))
            return ValidationResult.Fail(RejectReason.AmountOverflow, "minting overflows");
        journal.Start(TotalSupply);
        Set(journal, recipient, account with { Balance = balance });
        TotalSupply = supply;
        return ValidationResult.Ok;
    }

    /// <summary>
    /// Applies a block's body atomically: the coinbase mints, every transfer must pass in order. On failure nothing changed;
    /// on success <paramref name="undo"/> restores the previous state.
    /// </summary>
    public ValidationResult TryApply(Block block, out StateJournal undo)
    {
        ArgumentNullException.ThrowIfNull(block);
        undo = new StateJournal();
        undo.Start(TotalSupply);
        foreach (var transaction in block.Transactions)
        {
            var result = transaction.IsCoinbase
                ? TryMint(transaction.Recipient, transaction.Amount, undo)
                : TryApply(transaction, undo);
            if (!result.IsValid)
            {
                Revert(undo);
                return ValidationResult.Fail(result.Reason, $"tx {transaction.Id}: {result.Detail}", transaction.Id);
            }
        }
        return ValidationResult.Ok;
    }

    /// <summary>Restores every account the journal touched and the supply, in one step.</summary>
    public void Revert(StateJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (!journal.IsStarted) return;
        foreach (var (address, previous) in journal.Entries)
        {
            if (previous is { } account) _accounts[address] = account;
            else _accounts.Remove(address);
        }
        TotalSupply = journal.PreviousSupply;
    }

    /// <summary>
    /// Replaces every account with <paramref name="accounts"/> (a verified snapshot's) and the supply with their sum;
    /// false, changing nothing, when the sum overflows.
    /// </summary>
    public bool Seed(IEnumerable<KeyValuePair<Address, Account>> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var seeded = new Dictionary<Address, Account>();
        ulong supply = 0;
        foreach (var (address, account) in accounts)
        {
            if (account == default) continue;
            if (!TryAdd(supply, account.Balance, out supply)) return false;
            seeded[address] = account;
        }
        _accounts.Clear();
        foreach (var (address, account) in seeded) _accounts[address] = account;
        TotalSupply = supply;
        return true;
    }

    /// <summary>A deep copy (accounts are values).</summary>
    public LedgerState Clone()
    {
        var copy = new LedgerState { TotalSupply = TotalSupply };
        foreach (var (address, account) in _accounts) copy._accounts[address] = account;
        return copy;
    }

    private void Set(StateJournal journal, Address address, Account account)
    {
        journal.Record(address, _accounts.TryGetValue(address, out var previous) ? previous : null);
        _accounts[address] = account;
    }

    private static bool TryAdd(ulong a, ulong b, out ulong sum)
    {
        sum = unchecked(a + b);
        return sum >= a;
    }
}
