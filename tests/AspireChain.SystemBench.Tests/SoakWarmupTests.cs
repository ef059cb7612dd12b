using AspireChain.SystemBench.Soak;

namespace AspireChain.SystemBench.Tests;

/// <summary><c>--warmup</c>: a share of the load or a number of confirmed transfers.</summary>
public sealed class SoakWarmupTests
{
    [Theory]
    [InlineData("20%", 0.2, null)]
    [InlineData(" 0% ", 0.0, null)]
    [InlineData("12.5%", 0.125, null)]
    [InlineData("50000", null, 50_000L)]
    [InlineData("0", null, 0L)]
    public void Parses_a_share_or_a_number_of_transfers(string text, double? share, long? transfers) =>
        Assert.Equal(new SoakWarmup(share, transfers), SoakWarmup.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("100%")]
    [InlineData("-5%")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("ten")]
    [InlineData("%")]
    public void Refuses_anything_else(string text) => Assert.Null(SoakWarmup.TryParse(text));

    [Fact]
    public void A_share_is_of_the_load_s_seconds_and_a_count_of_its_confirmed_transfers()
    {
        Assert.False(SoakWarmup.Default.IsPast(119, 600, 1_000_000));
        Assert.True(SoakWarmup.Default.IsPast(120, 600, 0));
        Assert.False(new SoakWarmup(null, 5_000).IsPast(599, 600, 4_999));
        Assert.True(new SoakWarmup(null, 5_000).IsPast(1, 600, 5_000));
    }
}
