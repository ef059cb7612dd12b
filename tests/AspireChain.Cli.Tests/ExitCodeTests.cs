using AspireChain.Cli.Tests.Infrastructure;
using AspireChain.Testing.Aspire;

namespace AspireChain.Cli.Tests;

/// <summary>
/// Each way a command can fail has its own exit code and one line on standard error; input is checked before any
/// service is asked (a bad address is exit 3 even with no service running).
/// </summary>
public sealed class ExitCodeTests
{
    private static readonly string Nowhere = $"http://127.0.0.1:{FreePort.Next()}/";

    [Fact]
    public void Every_outcome_has_its_own_exit_code()
    {
        int[] codes = [ExitCodes.Success, ExitCodes.Failure, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.Unreachable, ExitCodes.Rejected, ExitCodes.Timeout, ExitCodes.ChainInvalid, ExitCodes.NetworkMismatch, ExitCodes.Interrupted];
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.Equal(codes.Length, codes.Select(ExitCodes.Name).Distinct().Count());
    }

    [Theory]
    [InlineData("balance", "12345", "is not an address: an address is 40 hex digits (this has 5)")]
    [InlineData("balance", "nobody", "is neither an address (40 hex digits) nor the name of a wallet")]
    [InlineData("faucet", "0123456789abcdef0123456789abcdef0123456", "is not an address")]
    [InlineData("tx", "1234", "is not a transaction id")]
    public async Task A_bad_address_or_id_is_exit_code_3_before_any_service_is_asked(string command, string argument, string message)
    {
        var result = await CliRun.WithFreshHome().RunAsync(command, argument, "--chainquery", Nowhere, "--ingest", Nowhere);
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Sending_without_a_wallet_or_to_a_bad_recipient_or_nothing_is_bad_input()
    {
        var cli = CliRun.WithFreshHome();
        var noWallet = await cli.RunAsync("send", new string('b', 40), "1", "--chainquery", Nowhere, "--ingest", Nowhere);
        Assert.Equal(ExitCodes.BadInput, noWallet.ExitCode);
        Assert.Contains("aspirechain wallet new", noWallet.Error, StringComparison.Ordinal);

        await cli.RunAsync("wallet", "new", "alice");
        var badRecipient = await cli.RunAsync("send", "bob", "1", "--chainquery", Nowhere, "--ingest", Nowhere);
        Assert.Equal(ExitCodes.BadInput, badRecipient.ExitCode);
        var nothing = await cli.RunAsync("send", new string('b', 40), "0", "--chainquery", Nowhere, "--ingest", Nowhere);
        Assert.Equal(ExitCodes.BadInput, nothing.ExitCode);
        Assert.Contains("must be positive", nothing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_faucet_refuses_a_network_other_than_dev_and_test_without_signing_or_posting_anything()
    {
        await using var services = await OtherNetworkServices.StartAsync();
        var cli = CliRun.WithFreshHome();
        await cli.RunAsync("wallet", "new", "alice");

        // Pinned to the network the services run: the faucet then refuses that network as such.
        var result = await cli.RunAsync("faucet", "alice", "10", "--chainquery", services.Url.ToString(), "--ingest", services.Url.ToString(), "--network", "main", "--chain-id", "1", "--json");
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        var message = result.Json().GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("only on dev and test networks", message, StringComparison.Ordinal);
        Assert.Contains("'main'", message, StringComparison.Ordinal);
        Assert.Equal(["GET /network"], services.Requests);
    }
}
