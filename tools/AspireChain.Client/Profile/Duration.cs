using System.Globalization;

namespace AspireChain.Client.Profile;

/// <summary>
/// Reads a duration the way a person types it: plain seconds (<c>60</c>, <c>1.5</c>), a unit suffix (<c>500ms</c>,
/// <c>90s</c>, <c>2m</c>, <c>1h</c>) or a TimeSpan (<c>00:02:00</c>). A bare number is never days, as TimeSpan's
/// own parser would take it.
/// </summary>
public static class Duration
{
    // Ten years: anything longer is a typo, and TimeSpan itself overflows not far beyond.
    private static readonly double MaxSeconds = TimeSpan.FromDays(3650).TotalSeconds;

    /// <summary>Parses <paramref name="text"/>; false (and zero) when it is none of the accepted forms or negative.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
            {
                duration = span;
                return true;
            }

            return false;
        }

        var (number, unit) = Split(text);
        if (number.Length > 0 && double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            double? seconds = unit switch
            {
                "" or "s" => value,
                "ms" => value / 1000,
                "m" or "min" => value * 60,
                "h" => value * 3600,
                _ => null,
            };
            if (seconds is { } s && double.IsFinite(s) && s <= MaxSeconds)
            {
                duration = TimeSpan.FromSeconds(s);
                return true;
            }
        }

        return false;
    }

    private static (string Number, string Unit) Split(string text)
    {
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        return (text[..end], text[end..].Trim().ToLowerInvariant());
    }
}
