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
