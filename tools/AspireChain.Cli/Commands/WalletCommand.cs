using System.CommandLine;
using AspireChain.Cli.Output;
using AspireChain.Client.Wallets;
using Spectre.Console;

namespace AspireChain.Cli.Commands;

/// <summary><c>wallet new|list|show</c>: keys kept in the user's profile folder, owner-only, the private key shown only when asked.</summary>
public static class WalletCommand
{
    /// <summary>Creates the command group.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var wallet = new Command("wallet", "Create and list wallets (keys in ~/.aspirechain/wallets, readable by you only)");
        wallet.Subcommands.Add(New(environment));
        wallet.Subcommands.Add(List(environment));
        wallet.Subcommands.Add(Show(environment));
        return wallet;
    }

    private static Option<bool> ShowPrivateKey() => new("--show-private-key") { Description = "Also print the private key (anyone who has it can spend the wallet's coins)" };

    private static Command New(CliEnvironment environment)
    {
        var name = new Argument<string?>("name") { Description = $"Wallet name: letters, digits, '.', '_' or '-' (default: {WalletStore.DefaultName})", Arity = ArgumentArity.ZeroOrOne };
        var showKey = ShowPrivateKey();
        var command = new Command("new", "Create a wallet with a fresh key") { name, showKey };
        CommandRunner.SetBody(command, environment, (context, _) =>
        {
            var created = context.Wallets.Create(context.Parse.GetValue(name) ?? WalletStore.DefaultName);
            var document = WalletDocument.From(created, context.Parse.GetValue(showKey));
            if (context.Json)
            {
                context.WriteJson(document, CliJsonContext.Indented.WalletDocument);
            }
            else
            {
                context.Say($"Created wallet [bold]{Markup.Escape(created.Name)}[/]");
                Render(context, document);
                context.Say($"Fund it on a dev chain: [bold]aspirechain faucet {Markup.Escape(created.Name)} 100[/]");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command List(CliEnvironment environment)
    {
        var command = new Command("list", "List your wallets");
        CommandRunner.SetBody(command, environment, (context, _) =>
        {
            var wallets = context.Wallets.List();
            if (context.Json)
            {
                context.WriteJson(new WalletListDocument(context.Wallets.Directory, [.. wallets.Select(w => WalletDocument.From(w, showPrivateKey: false))]), CliJsonContext.Indented.WalletListDocument);
                return Task.FromResult(ExitCodes.Success);
            }

            if (wallets.Count == 0)
            {
                context.Say($"No wallets in {Markup.Escape(context.Wallets.Directory)} yet: [bold]aspirechain wallet new[/]");
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("name").AddColumn("address").AddColumn("created");
            foreach (var wallet in wallets)
            {
                table.AddRow(Markup.Escape(wallet.Name), wallet.Address, wallet.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            context.Console.Write(table);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Show(CliEnvironment environment)
    {
        var name = new Argument<string?>("name") { Description = "Wallet name (default: the 'default' wallet, or the only one)", Arity = ArgumentArity.ZeroOrOne };
        var showKey = ShowPrivateKey();
        var command = new Command("show", "Show a wallet's address and file") { name, showKey };
        CommandRunner.SetBody(command, environment, (context, _) =>
        {
            var wallet = WalletChoice.Wallet(context.Wallets, context.Parse.GetValue(name));
            var document = WalletDocument.From(wallet, context.Parse.GetValue(showKey));
            if (context.Json)
            {
                context.WriteJson(document, CliJsonContext.Indented.WalletDocument);
            }
            else
            {
                context.Say($"Wallet [bold]{Markup.Escape(wallet.Name)}[/]");
                Render(context, document);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void Render(CommandContext context, WalletDocument wallet)
    {
        var facts = new Facts()
            .Add("address", wallet.Address)
            .Add("public key", wallet.PublicKey)
            .Add("file", Markup.Escape($"{wallet.Path} (readable by you only)"));
        if (wallet.PrivateKey is not null)
        {
            facts.Add("[yellow]private key[/]", $"[yellow]{wallet.PrivateKey}[/]");
        }

        facts.WriteTo(context.Console);
    }
}
