using System.CommandLine;
using AspireChain.SystemBench.Cli;

// One command: start the system through the AppHost (or target a running one), drive signed transfers, report.
// Redirected output (CI logs, files) gets wide tables instead of Spectre's 80-column fallback.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 160;
}

var root = new RootCommand("AspireChain bench: starts the system through its AppHost (or targets a running one), funds wallets from the dev faucet, drives signed transfers at a rate or flat out, follows every one to its outcome, and reports throughput, latency, cost per service and the machine's limits");
BenchCommand.Configure(root);
return await root.Parse(args).InvokeAsync();
