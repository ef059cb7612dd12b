namespace AspireChain.Ledger;

/// <summary>One configured genesis credit (<c>Chain:Allocations:0:Address</c>, <c>…:Amount</c>): how a network other than dev and test is funded.</summary>
public sealed class GenesisAllocationOptions
{
    /// <summary>Recipient, 40 hex digits.</summary>
    public string? Address { get; set; }

    /// <summary>Smallest units credited.</summary>
    public ulong Amount { get; set; }
}
