namespace AspireChain.Ledger.Tests.Crypto;

public sealed class KeyPairTests
{
    [Fact]
    public void Signs_and_verifies_with_low_s()
    {
        using var key = KeyPair.Generate();
        for (var i = 0; i < 32; i++)
        {
            var message = BitConverter.GetBytes(i);
            var signature = key.Sign(message);
            Assert.True(Signature.IsLowS(signature));
            Assert.True(key.PublicKey.Verify(message, signature));
            Assert.False(key.PublicKey.Verify([.. message, 0], signature));
        }
    }

    [Fact]
    public void The_high_s_twin_of_a_valid_signature_is_refused()
    {
        using var key = KeyPair.Generate();
        var signature = key.Sign("pay"u8);
        var twin = Signature.ToHighS(signature);
        Assert.NotEqual(signature, twin);
        Assert.False(Signature.IsLowS(twin));
        Assert.False(key.PublicKey.Verify("pay"u8, twin));
    }

    [Fact]
    public void Private_key_hex_round_trips()
    {
        using var key = KeyPair.Generate();
        using var imported = KeyPair.FromPrivateKeyHex(key.ExportPrivateKeyHex());
        Assert.Equal(key.PublicKey, imported.PublicKey);
        Assert.True(key.PublicKey.Verify("m"u8, imported.Sign("m"u8)));
        using var fromPem = KeyPair.FromPem(key.ExportPrivateKeyPem());
        Assert.Equal(key.PublicKey, fromPem.PublicKey);
    }

    [Fact]
    public void Public_key_hex_round_trips_and_rejects_other_encodings()
    {
        using var key = KeyPair.Generate();
        Assert.Equal(key.PublicKey, PublicKey.Parse(key.PublicKey.ToString()));
        Assert.False(PublicKey.TryParse("02" + key.PublicKey.ToString()[2..66], out _));
        Assert.False(PublicKey.TryParse("05" + key.PublicKey.ToString()[2..], out _));
    }

    [Fact]
    public void A_point_off_the_curve_never_verifies()
    {
        using var key = KeyPair.Generate();
        var bytes = key.PublicKey.Bytes.ToArray();
        bytes[64] ^= 1;
        Assert.True(PublicKey.TryRead(bytes, out var bent));
        Assert.False(bent.Verify("m"u8, key.Sign("m"u8)));
    }

    [Fact]
    public void The_dev_faucet_is_deterministic()
    {
        using var a = DevFaucet.CreateKeyPair();
        using var b = DevFaucet.CreateKeyPair();
        Assert.Equal(a.PublicKey, b.PublicKey);
        Assert.Equal(DevFaucet.Address, a.Address);
        Assert.Equal("de8e89040bc79cdbb5c6f68b56ea6d29090eed72", DevFaucet.Address.ToString());
    }
}
