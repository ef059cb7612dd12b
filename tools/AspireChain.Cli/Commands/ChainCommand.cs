using System.CommandLine;
using System.Globalization;
using AspireChain.Cli.Output;
using AspireChain.Client.Services;
using Spectre.Console;

namespace AspireChain.Cli.Commands;

/// <summary><c>chain tail</c>: blocks as ChainQuery applies them, live over its server-sent events (<c>/events/blocks</c>).</summary>
public static class ChainCommand
{
    /// <summary>Creates the command group.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var chain = new Command("chain", "Watch the chain");
        var count = new Option<int?>("--count") { Description = "Stop after this many new blocks (default: until Ctrl+C)" };
        count.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--count must be at least 1."); });
        var tail = new Command("tail", "Print the tip, then every new block as it is applied (one JSON document per line with --json)") { count };
        CommandRunner.SetBody(tail, environment, async (context, cancellationToken) =>
        {
            var wanted = context.Parse.GetValue(count);
            var seen = 0;
            try
            {
                await foreach (var item in context.Services.ChainQuery.StreamBlocksAsync(cancellationToken))
                {
                    Write(context, item);
                    if (item.EventType != "tip" && wanted is { } limit && ++seen >= limit)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C is how a tail ends.
            }

            return ExitCodes.Success;
        });
        chain.Subcommands.Add(tail);
        return chain;
    }

    private static void Write(CommandContext context, BlockEventView item)
    {
        var b = item.Block;
        if (context.Json)
        {
            context.WriteJsonLine(new BlockDocument(item.EventType, b.Height, b.Hash, b.PreviousHash, b.TimestampMs, b.TransactionCount, b.Miner), CliJsonContext.Compact.BlockDocument);
            return;
        }

        var time = DateTimeOffset.FromUnixTimeMilliseconds(b.TimestampMs).ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var label = item.EventType == "tip" ? "[grey]tip  [/]" : "[green]block[/]";
        context.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{label} {b.Height,6}  {b.Hash}  {b.TransactionCount,4} txs  {time}  miner {b.Miner}"));
    }
}
