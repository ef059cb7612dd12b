using System.Text.Json;
using AspireChain.Cli.Sessions;
using AspireChain.Cli.Tests.Infrastructure;
using AspireChain.Client.Profile;
using AspireChain.Client.Services;
using AspireChain.Ledger;

namespace AspireChain.Cli.Tests;

/// <summary>
/// The chain id the CLI signs for is pinned, never taken from a service over plain HTTP: dev and test have known ids, a
/// network of its own is named by the user (<c>--network</c>, <c>--chain-id</c>) or by the local AppHost's endpoints
/// file, and when ChainQuery's <c>/network</c> disagrees nothing is signed (exit code 8).
/// </summary>
public sealed class NetworkPinTests
{
    private static readonly Uri ChainQuery = new("http://chainquery.test/");

    [Fact]
    public void Unpinned_dev_and_test_take_their_known_chain_ids_and_a_wrong_id_for_them_is_refused()
    {
        var dev = NetworkPin.Check(null, View("dev", NetworkParameters.Dev.ChainId), ChainQuery);
        Assert.Equal((NetworkParameters.Dev.ChainId, true), (dev.ChainId, dev.HasDevFaucet));
        Assert.Equal(NetworkParameters.Test.ChainId, NetworkPin.Check(null, View("test", NetworkParameters.Test.ChainId), ChainQuery).ChainId);

        var forged = Assert.Throws<CommandFailure>(() => NetworkPin.Check(null, View("dev", 7), ChainQuery));
        Assert.Equal(ExitCodes.NetworkMismatch, forged.ExitCode);
        Assert.Contains("reports network 'dev' with chain id 0x7, but dev's chain id is 0xAC0001", forged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpinned_network_of_its_own_is_refused_with_the_option_that_pins_it()
    {
        var refused = Assert.Throws<CommandFailure>(() => NetworkPin.Check(null, View("main", 1), ChainQuery));

        Assert.Equal(ExitCodes.NetworkMismatch, refused.ExitCode);
        Assert.Contains("pin it with --network main", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pinned_network_is_signed_for_only_while_chainquery_agrees()
    {
        var main = NetworkPin.From("main", null, null)!;
        Assert.Equal((NetworkParameters.DefaultChainId("main"), "--network", false), (main.ChainId, main.Source, main.HasDevFaucet));
        Assert.Same(main, NetworkPin.Check(main, View("main", main.ChainId), ChainQuery));
        // A ChainQuery without /network cannot disagree.
        Assert.Same(main, NetworkPin.Check(main, null, ChainQuery));

        var mismatch = Assert.Throws<CommandFailure>(() => NetworkPin.Check(main, View("dev", NetworkParameters.Dev.ChainId), ChainQuery));
        Assert.Equal(ExitCodes.NetworkMismatch, mismatch.ExitCode);
        Assert.Contains("but --network pins 'main'", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains("refusing to sign", mismatch.Message, StringComparison.Ordinal);

        var dev = NetworkPin.From("dev", null, null)!;
        Assert.Throws<CommandFailure>(() => NetworkPin.Check(dev, View("test", NetworkParameters.Test.ChainId), ChainQuery));
    }

    [Fact]
    public void The_command_line_pins_before_the_endpoints_file_and_a_preset_with_another_chain_id_is_bad_input()
    {
        var file = new EndpointsFile(null, null, null, "private-a", Environment.ProcessId, DateTimeOffset.UtcNow, ChainId: 77);

        Assert.Equal(("private-a", 77u), (NetworkPin.From(null, null, file)!.Name, NetworkPin.From(null, null, file)!.ChainId));
        Assert.Equal(NetworkParameters.Test.ChainId, NetworkPin.From("test", null, file)!.ChainId);
        Assert.Equal(("main", 5u, "--network and --chain-id"), (NetworkPin.From("main", 5, file)!.Name, NetworkPin.From("main", 5, file)!.ChainId, NetworkPin.From("main", 5, file)!.Source));
        Assert.Equal(9u, NetworkPin.From(null, 9, null)!.ChainId);
        Assert.Null(NetworkPin.From(null, null, null));

        var wrong = Assert.Throws<CommandFailure>(() => NetworkPin.From("dev", 5, null));
        Assert.Equal(ExitCodes.BadInput, wrong.ExitCode);
    }

    [Fact]
    public async Task Send_signs_for_the_pinned_network_of_its_own_and_refuses_without_a_pin_or_with_another_one()
    {
        await using var services = await OtherNetworkServices.StartAsync();
        var cli = CliRun.WithFreshHome();
        await cli.RunAsync("wallet", "new", "alice");
        string[] send = ["send", new string('b', 40), "1", "--from", "alice", "--no-wait", "--chainquery", services.Url.ToString(), "--ingest", services.Url.ToString()];

        var unpinned = await cli.RunAsync([.. send, "--json"]);
        var otherPin = await cli.RunAsync([.. send, "--network", "dev"]);
        Assert.True(unpinned.ExitCode == ExitCodes.NetworkMismatch, unpinned.ToString());
        Assert.Equal("network-mismatch", unpinned.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.True(otherPin.ExitCode == ExitCodes.NetworkMismatch, otherPin.ToString());
        Assert.Contains("reports network 'main' (chain id 0x1), but --network pins 'dev'", otherPin.Error, StringComparison.Ordinal);
        Assert.Empty(services.Submitted);

        var pinned = await cli.RunAsync([.. send, "--network", "main", "--chain-id", "1"]);
        Assert.True(pinned.ExitCode == ExitCodes.Success, pinned.ToString());
        using var transfer = JsonDocument.Parse(Assert.Single(services.Submitted));
        Assert.Equal(1u, transfer.RootElement.GetProperty("chainId").GetUInt32());
    }

    [Fact]
    public async Task Chain_id_and_network_options_are_checked_as_usage()
    {
        var cli = CliRun.WithFreshHome();

        var badId = await cli.RunAsync("balance", new string('a', 40), "--chain-id", "0xZZ");
        var badName = await cli.RunAsync("balance", new string('a', 40), "--network", "not a name");

        Assert.Equal(ExitCodes.Usage, badId.ExitCode);
        Assert.Contains("--chain-id must be a chain id", badId.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badName.ExitCode);
    }

    private static NetworkView View(string name, uint chainId) => new(name, chainId, NetworkParameters.UnitsPerCoin, null);
}
