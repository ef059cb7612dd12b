namespace AspireChain.Miner.Pool;

/// <summary>Where an admitted transaction stands in this miner's pool.</summary>
internal enum PendingState
{
    /// <summary>Payable now: templates may include it.</summary>
    Selectable,

    /// <summary>Its sender cannot pay it on this miner's chain yet: held back from templates for the funds grace, then released or rejected.</summary>
    Held,

    /// <summary>Known to be refused: tracked only until its rejection is acknowledged, never mined.</summary>
    Doomed,
}
