using System.CommandLine;
using AspireChain.Cli.Output;
using Spectre.Console;

namespace AspireChain.Cli.Commands;

/// <summary><c>balance [address|wallet]</c>: an account's confirmed balance, next nonce and latest transfers, from ChainQuery.</summary>
public static class BalanceCommand
{
    private const int HistorySize = 10;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var who = new Argument<string?>("address-or-wallet") { Description = "An address (40 hex digits) or a wallet name (default: your default wallet)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("balance", "Show the confirmed balance, next nonce and latest transfers of an address or wallet") { who };
        CommandRunner.SetBody(command, environment, async (context, cancellationToken) =>
        {
            var (address, wallet) = context.Parse.GetValue(who) is { } text
                ? WalletChoice.AddressOrWallet(context.Wallets, text)
                : DefaultWallet(context);
            var account = await context.Services.ChainQuery.GetAccountAsync(address.ToString(), cancellationToken, HistorySize);
            var document = new BalanceDocument(account.Address, wallet, account.Balance, Coins.Format(account.Balance), account.Nonce, account.TransactionCount, account.History?.Items ?? []);
            if (context.Json)
            {
                context.WriteJson(document, CliJsonContext.Indented.BalanceDocument);
                return ExitCodes.Success;
            }

            Render(context, document);
            return ExitCodes.Success;
        });
        return command;
    }

    private static (Ledger.Address, string?) DefaultWallet(CommandContext context)
    {
        var wallet = WalletChoice.Wallet(context.Wallets, null);
        return (Ledger.Address.Parse(wallet.Address), wallet.Name);
    }

    private static void Render(CommandContext context, BalanceDocument balance)
    {
        new Facts()
            .Add("address", balance.Address + (balance.Wallet is null ? "" : $" ({Markup.Escape(balance.Wallet)})"))
            .Add("balance", $"[bold]{balance.BalanceCoins}[/] {Coins.Noun(balance.BalanceCoins)} ({balance.Balance} base units)")
            .Add("next nonce", balance.Nonce.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("transfers", balance.TransactionCount.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WriteTo(context.Console);
        if (balance.History.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("transfer").AddColumn("block").AddColumn("").AddColumn("counterparty").AddColumn(new TableColumn("amount").RightAligned());
        foreach (var entry in balance.History)
        {
            table.AddRow(
                entry.TransactionId,
                entry.Height.ToString(System.Globalization.CultureInfo.InvariantCulture),
                entry.Direction == "in" ? "[green]in[/]" : "[red]out[/]",
                entry.Counterparty ?? "coinbase",
                (entry.Direction == "in" ? "+" : "-") + Coins.Format(entry.Amount));
        }

        context.Console.Write(table);
    }
}
