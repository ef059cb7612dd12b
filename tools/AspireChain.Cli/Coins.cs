using System.Globalization;
using System.Numerics;
using AspireChain.Ledger;

namespace AspireChain.Cli;

/// <summary>Amounts as people type and read them: coins with up to 8 decimals (1 coin = 100,000,000 base units), exact.</summary>
public static class Coins
{
    private const int Decimals = 8;

    /// <summary>Parses "1.5", "100", "0.00000001" into base units; false for anything else, negative, or beyond 64 bits.</summary>
    public static bool TryParse(string? text, out ulong units)
    {
        units = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 && (parts.Length == 1 || parts[1].Length == 0))
        {
            return false;
        }

        var whole = parts[0].Length == 0 ? "0" : parts[0];
        var fraction = parts.Length == 2 ? parts[1] : "";
        if (!whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || fraction.Length > Decimals)
        {
            return false;
        }

        var value = BigInteger.Parse(whole, CultureInfo.InvariantCulture) * NetworkParameters.UnitsPerCoin
            + (fraction.Length == 0 ? BigInteger.Zero : BigInteger.Parse(fraction.PadRight(Decimals, '0'), CultureInfo.InvariantCulture));
        if (value > ulong.MaxValue)
        {
            return false;
        }

        units = (ulong)value;
        return true;
    }

    /// <summary>Base units as coins: "1.5", "100", "0.00001234" (no trailing zeros, no thousands separators).</summary>
    public static string Format(long units) => units < 0 ? "-" + Format((ulong)-(BigInteger)units) : Format((ulong)units);

    /// <summary>"coin" after exactly one, "coins" after any other amount.</summary>
    public static string Noun(string coins) => coins == "1" ? "coin" : "coins";

    /// <summary>Base units as coins.</summary>
    public static string Format(ulong units)
    {
        var whole = units / NetworkParameters.UnitsPerCoin;
        var fraction = (units % NetworkParameters.UnitsPerCoin).ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0');
        return fraction.Length == 0
            ? whole.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{whole}.{fraction}");
    }
}
