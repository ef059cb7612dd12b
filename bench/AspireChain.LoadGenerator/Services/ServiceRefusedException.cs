namespace AspireChain.LoadGenerator.Services;

/// <summary>A service answered with an error that retrying the same request cannot fix (e.g. a refused transaction).</summary>
public sealed class ServiceRefusedException(string message) : Exception(message);
