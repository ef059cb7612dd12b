namespace AspireChain.Ledger;

/// <summary>
/// The publicly known key the dev and test presets premine to, so tests and the load generator can fund wallets.
/// DEV/TEST ONLY: anyone can derive this key; never premine to it on a network with value.
/// </summary>
public static class DevFaucet
{
    /// <summary>The seed the key derives from (published on purpose).</summary>
    public const string Seed = "aspirechain/dev-faucet/v1 (publicly known, dev and test networks only)";

    private static readonly KeyPair Key = KeyPair.FromSeed(System.Text.Encoding.UTF8.GetBytes(Seed));

    /// <summary>A fresh handle to the faucet key (callers may dispose it).</summary>
    public static KeyPair CreateKeyPair() => KeyPair.FromSeed(System.Text.Encoding.UTF8.GetBytes(Seed));

    /// <summary>The faucet's public key.</summary>
    public static PublicKey PublicKey => Key.PublicKey;

    /// <summary>The faucet's address.</summary>
    public static Address Address => Key.Address;
}
