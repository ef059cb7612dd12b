using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AspireChain.Client.Transfers;
using AspireChain.Client.Wallets;
using AspireChain.LoadGenerator.Load;

namespace AspireChain.LoadGenerator.Cli;

/// <summary>The default command: fund wallets from the dev faucet, submit random transfers at a rate, follow them to the chain, report.</summary>
public static class LoadCommand
{
    private static readonly Option<int> Wallets = new("--wallets") { Description = "Wallets to create (at least 2)", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Transactions = new("--transactions") { Description = "Transfers to submit", DefaultValueFactory = _ => 500 };
    private static readonly Option<double> Rate = new("--rate") { Description = "Target submissions per second (0: as fast as possible)", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> Batch = new("--batch") { Description = "Submit through POST /transactions/batch, N per request (1: one POST each)", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the wallet keys and the random transfers", DefaultValueFactory = _ => 1 };

    /// <summary>Adds the load options and action to the root command.</summary>
    public static void Configure(RootCommand root)
    {
        ServiceOptions.AddTo(root);
        root.Options.Add(Wallets);
        root.Options.Add(Transactions);
        root.Options.Add(Rate);
        root.Options.Add(Batch);
        root.Options.Add(Seed);
        Wallets.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 2) r.AddError("--wallets must be at least 2."); });
        Transactions.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--transactions must be at least 1."); });
        Batch.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1000) r.AddError("--batch must be between 1 and 1000."); });
        Rate.Validators.Add(r => { if (r.GetValueOrDefault<double>() < 0) r.AddError("--rate must not be negative."); });
        root.SetAction((parse, ct) => CommandOutcome.RunAsync(c => RunAsync(parse, c), ct));
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var timeout = parse.GetValue(ServiceOptions.Timeout);
        var count = parse.GetValue(Transactions);
        var seed = parse.GetValue(Seed);
        using var services = new ServiceConnection(parse);
        Console.WriteLine(services.Describe());
        await services.CheckReachableAsync(cancellationToken);
        var network = await ServiceOptions.NetworkOfAsync(parse, services.ChainQuery, cancellationToken);
        var tracker = new ConfirmationTracker(services.ChainQuery);

        Console.WriteLine($"network {network.Name} (chain id 0x{network.ChainId:X}), chain height {(await services.ChainQuery.GetStatsAsync(cancellationToken)).Height}");
        using var faucet = await WalletSource.FaucetAsync(services.ChainQuery, cancellationToken);
        var wallets = await WalletSource.CreateAsync(seed.ToString(CultureInfo.InvariantCulture), parse.GetValue(Wallets), services.ChainQuery, cancellationToken);
        try
        {
            var funding = Stopwatch.StartNew();
            var funded = await new FaucetFunding(services.Ingest, services.ChainQuery, tracker, network)
                .FundAsync(faucet, wallets, (ulong)count * (TransferPlan.MaxAmount + TransferPlan.Fee), timeout, cancellationToken);
            Console.WriteLine($"funded {funded} of {wallets.Count} wallets from the dev faucet {faucet.Address} in {funding.Elapsed.TotalSeconds:0.0} s");

            var plan = TransferPlan.Create(wallets, count, seed, network);
            Console.WriteLine($"submitting {plan.Count} transfers at {parse.GetValue(Rate)}/s{(parse.GetValue(Batch) > 1 ? $" in batches of {parse.GetValue(Batch)}" : "")}, waiting up to {timeout.TotalSeconds:0} s");
            var report = await RunTransfersAsync(plan, new PacedSubmitter(services.Ingest, parse.GetValue(Rate), parse.GetValue(Batch)), tracker, timeout, cancellationToken);
            report.WriteTo(Console.Out);
            return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        }
        finally
        {
            foreach (var wallet in wallets)
            {
                wallet.Dispose();
            }
        }
    }

    private static async Task<LoadReport> RunTransfersAsync(
        IReadOnlyList<Submission> plan, PacedSubmitter submitter, ConfirmationTracker tracker, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        using var submitTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        submitTimeout.CancelAfter(timeout);
        var submitting = submitter.SubmitAsync(plan, submitTimeout.Token);
        var allFinal = await tracker.WaitAsync(plan, deadline, () => !submitting.IsCompleted, cancellationToken);
        try
        {
            await submitting;
        }
        catch (OperationCanceledException) when (submitTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            allFinal = false; // Ingest kept answering 429/503 until the deadline.
        }

        var end = plan.Select(s => s.ConfirmedAt ?? s.AcknowledgedAt ?? start).DefaultIfEmpty(start).Max();
        return new LoadReport(plan, Stopwatch.GetElapsedTime(start, allFinal ? end : Stopwatch.GetTimestamp()), timedOut: !allFinal);
    }
}
