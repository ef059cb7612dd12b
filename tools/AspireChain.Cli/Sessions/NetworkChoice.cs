namespace AspireChain.Cli.Sessions;

/// <summary>The network a command signs for: its name, its chain id, whether genesis funds the public dev faucet, and who said so.</summary>
public sealed record NetworkChoice(string Name, uint ChainId, bool HasDevFaucet, string Source);
