using AspireChain.Client.Services;

namespace AspireChain.LoadGenerator.Cli;

/// <summary>Runs a command body and turns the failures a user can meet into one line on stderr and an exit code, never a stack trace.</summary>
public static class CommandOutcome
{
    /// <summary>Runs <paramref name="body"/>; maps unreachable services to 2, refusals and timeouts to 1, Ctrl+C to 130.</summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (ServiceUnreachableException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (Exception e) when (e is ServiceRefusedException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
    }
}
