namespace AspireChain.Ledger.Tests.Primitives;

public sealed class AddressTests
{
    [Fact]
    public void Address_of_the_key_with_private_scalar_one_is_pinned()
    {
        // d = 1 gives Q = G, the P-256 generator; the expected value is SHA-256(04 || Gx || Gy)[0..20] computed with openssl.
        using var key = KeyPair.FromPrivateKeyHex("0000000000000000000000000000000000000000000000000000000000000001");
        Assert.Equal(
            "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
            key.PublicKey.ToString());
        Assert.Equal("698bea63dc44a344663ff1429aea10842df27b6b", key.Address.ToString());
    }

    [Fact]
    public void Hex_round_trips()
    {
        var address = Address.Parse("00112233445566778899aabbccddeeff00112233");
        Assert.Equal("00112233445566778899aabbccddeeff00112233", address.ToString());
        Assert.Equal(address, new Address(address.ToArray()));
        Assert.False(Address.TryParse("0011", out _));
        Assert.False(Address.TryParse(null, out _));
    }
}
