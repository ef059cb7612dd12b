using System.CommandLine;
using System.CommandLine.Parsing;

namespace AspireChain.Cli.Commands;

/// <summary>Amount arguments and options in coins (up to 8 decimals), parsed to exact base units at the command line.</summary>
public static class AmountArgument
{
    /// <summary>A required coin amount argument.</summary>
    public static Argument<ulong> Create(string name, string description) =>
        new(name) { Description = description, CustomParser = r => Parse(r, name) };

    /// <summary>An optional coin amount argument (null when left out, so help shows no raw base units).</summary>
    public static Argument<ulong?> CreateOptional(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrOne, CustomParser = r => Parse(r, name) };

    /// <summary>The <c>--fee</c> option, in coins.</summary>
    public static Option<ulong> Fee() => new("--fee")
    {
        Description = "Fee for the miner, in coins (default 0.00001)",
        DefaultValueFactory = _ => DefaultFee,
        CustomParser = r => Parse(r, "--fee"),
    };

    /// <summary>The default fee: 0.00001 coin (1,000 base units).</summary>
    public const ulong DefaultFee = 1_000;

    private static ulong Parse(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Coins.TryParse(text, out var units))
        {
            return units;
        }

        result.AddError($"{name} must be an amount in coins with at most 8 decimals, e.g. 1.5 (got '{text}').");
        return 0;
    }
}
