namespace AspireChain.Client.Wallets;

/// <summary>A wallet that cannot be made or used as asked: a bad or taken name, a missing or damaged file.</summary>
public sealed class WalletFileException(string message) : Exception(message);
