using AspireChain.ChainQuery.Apis;
using AspireChain.ChainQuery.Explorer;
using AspireChain.Ledger;

namespace AspireChain.ChainQuery.Tests;

/// <summary>
/// What a wallet asks before signing (<c>GET /network</c>: name, chain id, the dev faucet where genesis funds it), and
/// the dashboard address the explorer's transfer pages link traces to (only an http(s) URL, HTML-encoded).
/// </summary>
public sealed class NetworkAndExplorerPageTests
{
    [Fact]
    public void The_network_answer_names_the_preset_its_chain_id_and_the_dev_faucet()
    {
        var test = NetworkApi.GetNetwork(NetworkParameters.From(new ChainOptions { Network = "test", InitialExpectedAttempts = 4096 })).Value!;
        Assert.Equal(new NetworkDescription("test", 0xAC_0002, 100_000_000, DevFaucet.Address.ToString()), test);
        var dev = NetworkApi.GetNetwork(NetworkParameters.Dev).Value!;
        Assert.Equal(("dev", 0xAC_0001u), (dev.Name, dev.ChainId));
    }

    [Fact]
    public void A_network_whose_genesis_does_not_fund_the_dev_faucet_names_no_faucet()
    {
        using var other = KeyPair.Generate();
        var network = NetworkParameters.Dev with { Premine = [new PremineAllocation(other.Address, 1_000)] };
        Assert.Null(NetworkApi.GetNetwork(network).Value!.FaucetAddress);
    }

    [Fact]
    public void The_explorer_page_carries_the_dashboard_url_it_was_given()
    {
        var page = ExplorerPage.Render("http://localhost:18888");
        Assert.Contains("<meta name=\"aspirechain-dashboard\" content=\"http://localhost:18888\">", page, StringComparison.Ordinal);
        Assert.Contains("/traces/detail/", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("javascript:alert(1)")]
    [InlineData("\"><script>alert(1)</script>")]
    [InlineData("localhost:18888")]
    public void Anything_but_an_http_url_leaves_the_dashboard_unknown(string? configured)
    {
        var page = ExplorerPage.Render(configured);
        Assert.Contains("<meta name=\"aspirechain-dashboard\" content=\"\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)", page, StringComparison.Ordinal);
    }
}
