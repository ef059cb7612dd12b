namespace AspireChain.Cli;

/// <summary>
/// A command ending with a documented exit code and a one-line message (never a stack trace). When the command has
/// already written its JSON document (e.g. a rejected transfer's), <see cref="DocumentWritten"/> keeps the error
/// document from being written as a second one.
/// </summary>
public sealed class CommandFailure(int exitCode, string message, bool documentWritten = false) : Exception(message)
{
    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>True when the command's own JSON document was written before failing.</summary>
    public bool DocumentWritten { get; } = documentWritten;

    /// <summary>Bad input: the message says what is wrong with it.</summary>
    public static CommandFailure BadInput(string message) => new(ExitCodes.BadInput, message);
}
