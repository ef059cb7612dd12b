using Spectre.Console;

namespace AspireChain.Cli.Output;

/// <summary>Label/value lines for people ("  balance     2.5 coins"), aligned, with no trailing blanks to trip a copy and paste.</summary>
public sealed class Facts
{
    private readonly List<(string Label, string Value)> _lines = [];

    /// <summary>Adds a line; <paramref name="valueMarkup"/> is Spectre markup (escape data with <see cref="Markup.Escape"/>).</summary>
    public Facts Add(string label, string valueMarkup)
    {
        _lines.Add((label, valueMarkup));
        return this;
    }

    /// <summary>Writes the lines, labels padded to the longest.</summary>
    public void WriteTo(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var width = _lines.Count == 0 ? 0 : _lines.Max(l => Markup.Remove(l.Label).Length) + 2;
        foreach (var (label, value) in _lines)
        {
            console.MarkupLine($"  {label}{new string(' ', width - Markup.Remove(label).Length)}{value}");
        }
    }
}
