using AspireChain.Cli;

// aspirechain: a wallet and chain client for a running AspireChain (see the README's "Your own wallet" section).
return await CliApplication.RunAsync(args, CliEnvironment.FromProcess(), CancellationToken.None);
