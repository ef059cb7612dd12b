using System.Text.Json;
using System.Text.RegularExpressions;
using AspireChain.Cli.Tests.Infrastructure;
using AspireChain.Client.Profile;
using AspireChain.Ledger;
using Xunit.Abstractions;

namespace AspireChain.Cli.Tests.Distributed;

/// <summary>
/// Every <c>aspirechain</c> command against the running system: a person's wallet funded by the faucet sends a
/// transfer that confirms; rejected sends say why (the chain's reason, ingest's rule); Ctrl+C leaves a transfer in
/// flight; <c>chain tail</c> sees a new block; <c>verify</c> checks the chain.
/// </summary>
[Collection(CliSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed partial class CliCommandTests(CliSystemFixture system, ITestOutputHelper output)
{
    private const long Coin = 100_000_000;

    [Fact]
    public async Task The_AppHost_writes_the_endpoints_file_by_which_the_cli_finds_the_system()
    {
        var file = EndpointsFile.TryRead(system.EndpointsFilePath);
        Assert.NotNull(file);
        Assert.Equal(system.Ingest, file.Ingest);
        Assert.Equal(system.ChainQuery, file.ChainQuery);
        Assert.Equal("test", file.Network);
        // The local file pins the chain id the CLI signs for; ChainQuery's /network is only checked against it.
        Assert.Equal(NetworkParameters.Test.ChainId, file.ChainId);
        Assert.Equal(Environment.ProcessId, file.ProcessId);
        Assert.NotNull(file.Dashboard);

        var balance = await Run(system.NewCli(), "balance", DevFaucet.Address.ToString(), "--json");
        Assert.Equal(ExitCodes.Success, balance.ExitCode);
        Assert.True(balance.Json().GetProperty("balance").GetInt64() > 0);
    }

    [Fact]
    public async Task Faucet_send_balance_and_tx_take_my_own_wallets_transfer_to_confirmed()
    {
        var cli = system.NewCli();
        var alice = (await Run(cli, "wallet", "new", "alice", "--json")).Json().GetProperty("address").GetString()!;
        var bob = (await Run(cli, "wallet", "new", "bob", "--json")).Json().GetProperty("address").GetString()!;

        var funded = await Run(cli, "faucet", "alice", "10", "--json");
        Assert.True(funded.ExitCode == ExitCodes.Success, funded.ToString());
        var funding = funded.Json();
        Assert.Equal("confirmed", funding.GetProperty("status").GetString());
        Assert.Equal("alice", funding.GetProperty("toWallet").GetString());
        Assert.Equal(alice, funding.GetProperty("to").GetString());
        Assert.Equal(DevFaucet.Address.ToString(), funding.GetProperty("from").GetString());
        Assert.Equal(10 * Coin, funding.GetProperty("amount").GetInt64());
        Assert.True(funding.GetProperty("confirmations").GetInt64() >= 1);
        AssertLinks(funding);

        var balance = (await Run(cli, "balance", "alice", "--json")).Json();
        Assert.Equal(10 * Coin, balance.GetProperty("balance").GetInt64());
        Assert.Equal("10", balance.GetProperty("balanceCoins").GetString());
        Assert.Equal(0, balance.GetProperty("nonce").GetInt64());
        Assert.Contains(balance.GetProperty("history").EnumerateArray(), h => h.GetProperty("transactionId").GetString() == funding.GetProperty("id").GetString());

        var sent = await Run(cli, "send", "bob", "2.5", "--from", "alice", "--json");
        Assert.True(sent.ExitCode == ExitCodes.Success, sent.ToString());
        var transfer = sent.Json();
        Assert.Equal(
            ("confirmed", "alice", "bob", alice, bob),
            (transfer.GetProperty("status").GetString(), transfer.GetProperty("fromWallet").GetString(), transfer.GetProperty("toWallet").GetString(), transfer.GetProperty("from").GetString(), transfer.GetProperty("to").GetString()));
        Assert.Equal((250_000_000L, 1_000L, 0L), (transfer.GetProperty("amount").GetInt64(), transfer.GetProperty("fee").GetInt64(), transfer.GetProperty("nonce").GetInt64()));
        Assert.Matches("^[0-9a-f]{64}$", transfer.GetProperty("blockHash").GetString()!);
        AssertLinks(transfer);

        Assert.Equal(250_000_000L, (await Run(cli, "balance", "bob", "--json")).Json().GetProperty("balance").GetInt64());
        var after = (await Run(cli, "balance", alice, "--json")).Json();
        Assert.Equal((10 * Coin - 250_000_000L - 1_000L, 1L, "alice"), (after.GetProperty("balance").GetInt64(), after.GetProperty("nonce").GetInt64(), after.GetProperty("wallet").GetString()));

        var id = transfer.GetProperty("id").GetString()!;
        var tx = await Run(cli, "tx", id, "--json");
        Assert.Equal(ExitCodes.Success, tx.ExitCode);
        Assert.Equal((id, "confirmed", alice, 250_000_000L), (tx.Json().GetProperty("id").GetString(), tx.Json().GetProperty("status").GetString(), tx.Json().GetProperty("from").GetString(), tx.Json().GetProperty("amount").GetInt64()));
        Assert.True(tx.Json().GetProperty("confirmations").GetInt64() >= 1);

        // The same, for a person.
        var text = await Run(cli, "tx", id);
        Assert.Contains("confirmed at height", text.Output, StringComparison.Ordinal);
        Assert.Contains(transfer.GetProperty("explorerUrl").GetString()!.Split('?')[0], text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_the_chain_rejects_is_exit_code_5_with_the_chains_reason()
    {
        var cli = system.NewCli();
        await Run(cli, "wallet", "new", "carol");
        var recipient = KeyPairAddress();

        var sent = await Run(cli, "send", recipient, "1", "--from", "carol", "--json");
        Assert.True(sent.ExitCode == ExitCodes.Rejected, sent.ToString());
        var transfer = sent.Json();
        Assert.Equal(("rejected", "insufficient-funds", "chain"), (transfer.GetProperty("status").GetString(), transfer.GetProperty("reason").GetString(), transfer.GetProperty("rejectedBy").GetString()));
        Assert.Matches("^error: transfer [0-9a-f]{64} was rejected: insufficient-funds", sent.Error);

        var tx = await Run(cli, "tx", transfer.GetProperty("id").GetString()!);
        Assert.Equal(ExitCodes.Rejected, tx.ExitCode);
        Assert.Contains("rejected", tx.Output, StringComparison.Ordinal);
        Assert.Contains("insufficient-funds", tx.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_ingest_refuses_is_exit_code_5_with_ingests_rule_and_nothing_reaches_the_chain()
    {
        var cli = system.NewCli();
        await Run(cli, "wallet", "new", "dave");

        var sent = await Run(cli, "send", "dave", "1", "--from", "dave", "--json");
        Assert.True(sent.ExitCode == ExitCodes.Rejected, sent.ToString());
        var transfer = sent.Json();
        Assert.Equal(("rejected", "self-transfer", "ingest"), (transfer.GetProperty("status").GetString(), transfer.GetProperty("reason").GetString(), transfer.GetProperty("rejectedBy").GetString()));
        Assert.StartsWith("error: transfer refused by TransactionIngest: self-transfer", sent.Error, StringComparison.Ordinal);

        var tx = await Run(cli, "tx", transfer.GetProperty("id").GetString()!);
        Assert.Equal(ExitCodes.BadInput, tx.ExitCode);
        Assert.Contains("has not seen transaction", tx.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_while_following_leaves_the_transfer_in_flight_and_says_how_to_follow_it()
    {
        var cli = system.NewCli();
        await Run(cli, "wallet", "new", "erin");
        using var ctrlC = new CancellationTokenSource();
        // An unfunded sender's transfer stays pending for the miners' funds grace, long enough to interrupt.
        var sending = cli.RunAsync(["send", KeyPairAddress(), "1", "--from", "erin"], ctrlC.Token);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await ctrlC.CancelAsync();
        var interrupted = await sending;
        output.WriteLine(interrupted.ToString());

        Assert.Equal(ExitCodes.Interrupted, interrupted.ExitCode);
        var id = TransferIdIn().Match(interrupted.Error + interrupted.Output).Groups[1].Value;
        Assert.Matches("aspirechain tx [0-9a-f]{64}", interrupted.Error);
        Assert.NotEmpty(id);

        // It went on without the CLI: followed again, it is final (the chain rejects it: erin has no coins).
        var followed = await Run(cli, "tx", id, "--follow", "--json");
        Assert.Equal("rejected", followed.Json().GetProperty("status").GetString());
        Assert.Equal(ExitCodes.Rejected, followed.ExitCode);
    }

    [Fact]
    public async Task Chain_tail_prints_the_tip_then_a_new_block_as_it_is_applied()
    {
        var cli = system.NewCli();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var tail = cli.RunAsync(["chain", "tail", "--count", "1", "--json"], timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));

        // Miners mine no empty blocks: a transfer makes the block the tail waits for.
        for (var attempt = 0; attempt < 5 && !tail.IsCompleted; attempt++)
        {
            Assert.Equal(ExitCodes.Success, (await Run(cli, "faucet", KeyPairAddress(), "1")).ExitCode);
            await Task.WhenAny(tail, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        var result = await tail;
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var lines = result.JsonLines();
        Assert.Equal(2, lines.Count);
        Assert.Equal(("tip", "block"), (lines[0].GetProperty("event").GetString(), lines[1].GetProperty("event").GetString()));
        Assert.True(lines[1].GetProperty("height").GetInt64() > lines[0].GetProperty("height").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", lines[1].GetProperty("hash").GetString()!);
        Assert.True(lines[1].GetProperty("transactionCount").GetInt32() >= 2); // the coinbase and the transfer
    }

    [Fact]
    public async Task Verify_says_the_stored_chain_is_valid()
    {
        var cli = system.NewCli();
        var json = await Run(cli, "verify", "--json");
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        var verdict = json.Json();
        Assert.True(verdict.GetProperty("valid").GetBoolean());
        Assert.True(verdict.GetProperty("blocksChecked").GetInt64() >= 1);
        Assert.Equal(system.ChainQuery.ToString(), verdict.GetProperty("chainQuery").GetString());
        Assert.Contains("valid", (await Run(cli, "verify")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wallet_commands_work_beside_a_running_system_and_an_unknown_transfer_is_bad_input()
    {
        var cli = system.NewCli();
        await Run(cli, "wallet", "new", "frank");
        Assert.Equal(["frank"], (await Run(cli, "wallet", "list", "--json")).Json().GetProperty("wallets").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
        var balance = (await Run(cli, "balance", "--json")).Json();
        Assert.Equal((0L, 0L, "frank"), (balance.GetProperty("balance").GetInt64(), balance.GetProperty("nonce").GetInt64(), balance.GetProperty("wallet").GetString()));
        var unknown = await Run(cli, "tx", new string('0', 64), "--json");
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
    }

    private void AssertLinks(JsonElement transfer)
    {
        var id = transfer.GetProperty("id").GetString()!;
        var traceId = transfer.GetProperty("traceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Equal(new Uri(system.ChainQuery, $"/#tx/{id}?trace={traceId}").ToString(), transfer.GetProperty("explorerUrl").GetString());
        Assert.EndsWith($"/traces/detail/{traceId}", transfer.GetProperty("traceUrl").GetString(), StringComparison.Ordinal);
    }

    private async Task<CliResult> Run(CliRun cli, params string[] args)
    {
        var result = await cli.RunAsync(args);
        output.WriteLine($"$ aspirechain {string.Join(' ', args)}\n{result}");
        return result;
    }

    private static string KeyPairAddress()
    {
        using var key = KeyPair.Generate();
        return key.Address.ToString();
    }

    [GeneratedRegex("aspirechain tx ([0-9a-f]{64})")]
    private static partial Regex TransferIdIn();
}
