namespace AspireChain.Ledger;

/// <summary>The prior values of every account a block (or a trial) touched, so <see cref="LedgerState.Revert"/> restores the state exactly.</summary>
public sealed class StateJournal
{
    private readonly List<(Address Address, Account? Previous)> _entries = [];
    private readonly HashSet<Address> _touched = [];

    /// <summary>Supply before the first change.</summary>
    internal ulong PreviousSupply { get; private set; }

    internal bool IsStarted { get; private set; }

    internal IReadOnlyList<(Address Address, Account? Previous)> Entries => _entries;

    /// <summary>How many accounts were touched.</summary>
    public int Count => _entries.Count;

    internal void Start(ulong supply)
    {
        if (IsStarted) return;
        IsStarted = true;
        PreviousSupply = supply;
    }

    internal void Record(Address address, Account? previous)
    {
        if (_touched.Add(address)) _entries.Add((address, previous));
    }
}
