using System.Globalization;

namespace AspireChain.SystemBench.Soak;

/// <summary>
/// The start of a soak that the growth fit leaves out (JIT tiers, caches and pools filling, the GC finding its budgets):
/// a share of the load's duration (<c>20%</c>) or a number of confirmed transfers (<c>50000</c>).
/// </summary>
public sealed record SoakWarmup(double? Share, long? Transfers)
{
    /// <summary>The first 20 % of the load.</summary>
    public static SoakWarmup Default { get; } = new(0.2, null);

    /// <summary>Parses <c>N%</c> (a share, 0–99 %) or <c>N</c> (confirmed transfers); null when malformed.</summary>
    public static SoakWarmup? TryParse(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.EndsWith('%'))
        {
            return double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and < 100
                ? new SoakWarmup(percent / 100, null)
                : null;
        }

        return long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var transfers) && transfers >= 0
            ? new SoakWarmup(null, transfers)
            : null;
    }

    /// <summary>True when a sample taken <paramref name="elapsedSeconds"/> into a load of <paramref name="loadSeconds"/>, with <paramref name="transfers"/> confirmed, is past the warm-up.</summary>
    public bool IsPast(double elapsedSeconds, double loadSeconds, long transfers) =>
        Transfers is { } count ? transfers >= count : elapsedSeconds >= (Share ?? 0) * loadSeconds;

    /// <inheritdoc />
    public override string ToString() => Transfers is { } count
        ? string.Create(CultureInfo.InvariantCulture, $"the first {count:N0} confirmed transfers")
        : string.Create(CultureInfo.InvariantCulture, $"the first {Share ?? 0:P0} of the load");
}
