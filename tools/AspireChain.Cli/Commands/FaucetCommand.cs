using System.CommandLine;
using AspireChain.Cli.Transfers;
using AspireChain.Ledger;

namespace AspireChain.Cli.Commands;

/// <summary>
/// <c>faucet &lt;to&gt; [amount]</c>: coins from the public dev faucet, whose key everyone knows, so it exists on dev and
/// test networks only; on any other network the command refuses before signing anything.
/// </summary>
public static class FaucetCommand
{
    /// <summary>The default amount: 100 coins.</summary>
    public const ulong DefaultAmount = 100 * NetworkParameters.UnitsPerCoin;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var to = new Argument<string>("to") { Description = "Recipient: an address (40 hex digits) or a wallet name" };
        var amount = AmountArgument.CreateOptional("amount", "Amount in coins (default 100)");
        var timeout = GlobalOptions.Timeout(TimeSpan.FromMinutes(2), "for the transfer to be confirmed");
        var noWait = new Option<bool>("--no-wait") { Description = "Return once TransactionIngest accepted it, without following it" };
        var command = new Command("faucet", "Get coins from the public dev faucet (dev and test networks only)") { to, amount, timeout, noWait };
        CommandRunner.SetBody(command, environment, async (context, cancellationToken) =>
        {
            var (recipient, recipientWallet) = WalletChoice.AddressOrWallet(context.Wallets, context.Parse.GetValue(to)!);
            var network = await context.Services.NetworkAsync(cancellationToken);
            if (network.Name is not ("dev" or "test") || !network.HasDevFaucet)
            {
                throw CommandFailure.BadInput(
                    $"The faucet exists only on dev and test networks: this chain runs network '{network.Name}' ({network.Source}), where the public faucet key holds nothing and must never sign.");
            }

            using var key = DevFaucet.CreateKeyPair();
            return await new TransferSender(context).SendAsync(
                new TransferSender.Request(key, "dev faucet", recipient, recipientWallet, context.Parse.GetValue(amount) ?? DefaultAmount, AmountArgument.DefaultFee, context.Parse.GetValue(timeout), !context.Parse.GetValue(noWait)),
                cancellationToken);
        });
        return command;
    }
}
