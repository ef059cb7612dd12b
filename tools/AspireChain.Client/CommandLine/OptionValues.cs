using System.CommandLine.Parsing;
using AspireChain.Client.Profile;

namespace AspireChain.Client.CommandLine;

/// <summary>The option values every AspireChain command line reads the same way (service URLs, durations), with one wording for their errors.</summary>
public static class OptionValues
{
    /// <summary>An absolute http(s) URL for option <paramref name="name"/>, or an error that shows the expected form.</summary>
    public static Uri? Url(ArgumentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (ServiceEndpoints.TryParseUrl(text, out var url))
        {
            return url;
        }

        result.AddError($"{name} must be an absolute http(s) URL, e.g. http://localhost:5080 (got '{text}').");
        return null;
    }

    /// <summary>A chain id for option <paramref name="name"/>: decimal (11337729) or hex with <c>0x</c> (0xAC0001).</summary>
    public static uint? ChainId(ArgumentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        var parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var hex) ? hex : (uint?)null
            : uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var decimalId) ? decimalId : null;
        if (parsed is null)
        {
            result.AddError($"{name} must be a chain id from 0 to 4294967295, decimal or hex with 0x (e.g. 0xAC0001); got '{text}'.");
        }

        return parsed;
    }

    /// <summary>A network name for option <paramref name="name"/>: 1 to 32 letters, digits and dashes, lower-cased.</summary>
    public static string? NetworkName(ArgumentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        if (text.Length is > 0 and <= 32 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return text.ToLowerInvariant();
        }

        result.AddError($"{name} must be dev, test or a network name of 1 to 32 letters, digits and dashes; got '{text}'.");
        return null;
    }

    /// <summary>A positive duration for option <paramref name="name"/>: seconds (60), with a unit (90s, 2m) or a TimeSpan.</summary>
    public static TimeSpan Duration(ArgumentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Profile.Duration.TryParse(text, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }

        result.AddError($"{name} must be a positive duration: seconds (60), with a unit (90s, 2m) or a TimeSpan (00:02:00); got '{text}'.");
        return default;
    }
}
