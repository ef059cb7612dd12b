using Spectre.Console;

namespace AspireChain.Cli.Output;

/// <summary>
/// The one status line a long wait shows: redrawn in place (Spectre's status spinner) when a person watches a
/// terminal, one line per change when the output is redirected, nothing with <c>--json</c>.
/// </summary>
public static class LiveStatus
{
    /// <summary>Runs <paramref name="work"/>, which reports its progress through the callback it is given.</summary>
    public static async Task<T> RunAsync<T>(CommandContext context, string initial, Func<Action<string>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (context.ShowsLiveStatus)
        {
            return await context.Console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(initial), status =>
                work(text => status.Status(Markup.Escape(text)))).ConfigureAwait(false);
        }

        if (context.Json)
        {
            return await work(_ => { }).ConfigureAwait(false);
        }

        context.Console.MarkupLine(Markup.Escape(initial));
        return await work(text => context.Console.MarkupLine(Markup.Escape(text))).ConfigureAwait(false);
    }
}
