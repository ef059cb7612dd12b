using System.CommandLine;
using System.Diagnostics;
using AspireChain.Client.Transfers;
using AspireChain.Client.Wallets;
using AspireChain.Ledger;
using AspireChain.LoadGenerator.Load;

namespace AspireChain.LoadGenerator.Cli;

/// <summary>The <c>send</c> subcommand: one transfer from the dev faucet to an address, followed until confirmed.</summary>
public static class SendCommand
{
    private static readonly Option<string> To = new("--to") { Description = "Recipient address (40 hex digits)", Required = true };
    private static readonly Option<ulong> Amount = new("--amount") { Description = "Amount in base units (1 coin = 100000000)", DefaultValueFactory = _ => NetworkParameters.UnitsPerCoin };
    private static readonly Option<ulong> Fee = new("--fee") { Description = "Fee in base units", DefaultValueFactory = _ => TransferPlan.Fee };

    /// <summary>Creates the subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("send", "Send one transfer from the dev faucet to an address and wait until it is confirmed");
        ServiceOptions.AddTo(command);
        command.Options.Add(To);
        command.Options.Add(Amount);
        command.Options.Add(Fee);
        To.Validators.Add(r => { if (!Address.TryParse(r.GetValueOrDefault<string>(), out _)) r.AddError("--to must be an address: 40 hex digits."); });
        Amount.Validators.Add(r => { if (r.GetValueOrDefault<ulong>() == 0) r.AddError("--amount must be positive."); });
        command.SetAction((parse, ct) => CommandOutcome.RunAsync(c => RunAsync(parse, c), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var timeout = parse.GetValue(ServiceOptions.Timeout);
        using var services = new ServiceConnection(parse);
        await services.CheckReachableAsync(cancellationToken);
        var network = await ServiceOptions.NetworkOfAsync(parse, services.ChainQuery, cancellationToken);
        using var faucet = await WalletSource.FaucetAsync(services.ChainQuery, cancellationToken);
        var transfer = new Submission(faucet.Transfer(Address.Parse(parse.GetValue(To)!), parse.GetValue(Amount), parse.GetValue(Fee), network));

        await services.Ingest.SubmitAsync(transfer, cancellationToken);
        if (transfer.RejectReason is { } refused)
        {
            Console.WriteLine($"{transfer.Id} refused by TransactionIngest: {refused} {transfer.RejectDetail}");
            return ExitCodes.Failure;
        }

        Console.WriteLine($"{transfer.Id} acknowledged (faucet nonce {transfer.Transaction.Nonce}); waiting for a block");
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        await new ConfirmationTracker(services.ChainQuery).WaitAsync([transfer], deadline, null, cancellationToken);
        var status = await services.ChainQuery.GetStatusAsync(transfer.Id, cancellationToken);
        switch (status?.Status)
        {
            case "confirmed":
                Console.WriteLine($"confirmed at height {status.Height} in {Stopwatch.GetElapsedTime(transfer.SubmittedAt!.Value, transfer.ConfirmedAt!.Value).TotalSeconds:0.00} s");
                return ExitCodes.Success;
            case "rejected":
                Console.WriteLine($"rejected: {status.Reason} {status.Detail}");
                return ExitCodes.Failure;
            default:
                Console.WriteLine($"not confirmed within {timeout.TotalSeconds:0} s (status: {status?.Status ?? "unseen"})");
                return ExitCodes.Failure;
        }
    }
}
