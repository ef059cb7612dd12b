using System.CommandLine;
using AspireChain.LoadGenerator.Cli;

// A wallet and load generator for a running AspireChain: `send` one transfer, or (default) a whole measured load run.
var root = new RootCommand("AspireChain load generator: funds wallets from the dev faucet, submits random transfers, follows them to the chain and reports latency and throughput");
LoadCommand.Configure(root);
root.Subcommands.Add(SendCommand.Create());
return await root.Parse(args).InvokeAsync();
