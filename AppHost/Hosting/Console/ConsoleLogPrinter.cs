using AspireChain.AppHost.Dashboard.Resources;

namespace AspireChain.AppHost.Hosting.Console;

/// <summary>
/// Writes every resource's console output to the AppHost's terminal, one colour and prefix per resource.
/// Plain writes rather than Spectre markup: log lines must never be re-wrapped at the terminal width.
/// </summary>
internal sealed class ConsoleLogPrinter(TextWriter output, bool useColours)
{
    // ANSI 256-colour codes that read well on dark and light backgrounds.
    private static readonly int[] Palette = [39, 40, 214, 170, 220, 44, 209, 141, 112, 205];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _colours = new(StringComparer.Ordinal);
    private int _width = 10;

    public void Register(string resourceName)
    {
        lock (_gate)
        {
            _colours[resourceName] = Palette[_colours.Count % Palette.Length];
            _width = Math.Max(_width, resourceName.Length);
        }
    }

    public void Print(ConsoleLogLine line)
    {
        lock (_gate)
        {
            var prefix = line.ResourceName.PadRight(_width);
            if (!useColours)
            {
                output.WriteLine($"{prefix} | {line.Text}");
                return;
            }

            var colour = _colours.GetValueOrDefault(line.ResourceName, 250);
            output.WriteLine(line.IsErrorOutput
                ? $"\u001b[38;5;{colour}m{prefix}\u001b[0m \u001b[90m|\u001b[0m \u001b[31m{line.Text}\u001b[0m"
                : $"\u001b[38;5;{colour}m{prefix}\u001b[0m \u001b[90m|\u001b[0m {line.Text}");
        }
    }

    /// <summary>A line from the AppHost itself (state changes, the dashboard URL).</summary>
    public void PrintHost(string text)
    {
        lock (_gate)
        {
            var prefix = "apphost".PadRight(_width);
            output.WriteLine(useColours ? $"\u001b[1m{prefix}\u001b[0m \u001b[90m|\u001b[0m {text}" : $"{prefix} | {text}");
        }
    }
}
