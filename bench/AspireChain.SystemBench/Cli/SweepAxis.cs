namespace AspireChain.SystemBench.Cli;

/// <summary>One swept setting and its values, from <c>--sweep miners=1,2,4</c>.</summary>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values)
{
    /// <summary>Parses <c>key=v1,v2,...</c>; null when malformed.</summary>
    public static SweepAxis? TryParse(string? text)
    {
        var parts = (text ?? "").Split('=', 2);
        if (parts.Length != 2 || parts[0].Trim().Length == 0)
        {
            return null;
        }

        var values = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return values.Length == 0 ? null : new SweepAxis(parts[0].Trim(), values);
    }

    /// <summary>Every combination of the axes' values (the first axis varies slowest), as key/value lists.</summary>
    public static IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Points(IReadOnlyList<SweepAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> points = [[]];
        foreach (var axis in axes)
        {
            points = [.. points.SelectMany(p => axis.Values.Select(v => (IReadOnlyList<KeyValuePair<string, string>>)[.. p, KeyValuePair.Create(axis.Key, v)]))];
        }

        return points;
    }
}
