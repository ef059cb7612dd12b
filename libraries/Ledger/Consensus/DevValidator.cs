namespace AspireChain.Ledger;

/// <summary>
/// The publicly known validator key the dev and test presets pin, so a local run signs and checks accepted blocks
/// without any key handling. DEV/TEST ONLY: anyone can derive this key; any other network pins a configured public key.
/// </summary>
public static class DevValidator
{
    /// <summary>The seed the key derives from (published on purpose).</summary>
    public const string Seed = "aspirechain/dev-validator/v1 (publicly known, dev and test networks only)";

    private static readonly KeyPair Key = CreateKeyPair();

    /// <summary>A fresh handle to the key (callers may dispose it).</summary>
    public static KeyPair CreateKeyPair() => KeyPair.FromSeed(System.Text.Encoding.UTF8.GetBytes(Seed));

    /// <summary>The public half the dev and test presets pin.</summary>
    public static PublicKey PublicKey => Key.PublicKey;
}
