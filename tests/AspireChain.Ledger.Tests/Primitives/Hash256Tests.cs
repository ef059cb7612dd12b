namespace AspireChain.Ledger.Tests.Primitives;

public sealed class Hash256Tests
{
    [Fact]
    public void Sha256_of_abc_matches_the_FIPS_180_vector() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hash256.Compute("abc"u8).ToString());

    [Fact]
    public void Hex_round_trips_and_accepts_upper_case()
    {
        var hash = Hash256.Compute("x"u8);
        Assert.Equal(hash, Hash256.Parse(hash.ToString()));
        Assert.Equal(hash, Hash256.Parse(hash.ToString().ToUpperInvariant()));
        Assert.Equal(hash, new Hash256(hash.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad00")]
    public void Rejects_bad_hex(string hex) => Assert.False(Hash256.TryParse(hex, out _));

    [Fact]
    public void Orders_as_a_big_endian_number()
    {
        var small = Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000ff");
        var large = Hash256.Parse("0100000000000000000000000000000000000000000000000000000000000000");
        Assert.True(small < large);
        Assert.True(Hash256.Zero < small);
        Assert.True(Hash256.Zero.IsZero);
    }
}
