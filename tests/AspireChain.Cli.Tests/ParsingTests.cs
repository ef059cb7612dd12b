using System.CommandLine;
using AspireChain.Cli.Tests.Infrastructure;
using AspireChain.Client.Profile;
using AspireChain.LoadGenerator.Cli;

namespace AspireChain.Cli.Tests;

/// <summary>The command line: amounts, durations and URLs as people type them; malformed lines are usage errors (exit 2).</summary>
public sealed class ParsingTests
{
    private const string Recipient = "00112233445566778899aabbccddeeff00112233";

    [Theory]
    [InlineData("1.5", 150_000_000UL)]
    [InlineData("100", 10_000_000_000UL)]
    [InlineData("0.00000001", 1UL)]
    [InlineData(".5", 50_000_000UL)]
    [InlineData("2.", 200_000_000UL)]
    [InlineData("184467440737.09551615", ulong.MaxValue)]
    public void Coins_parse_exactly_into_base_units(string text, ulong units)
    {
        Assert.True(Coins.TryParse(text, out var parsed));
        Assert.Equal(units, parsed);
    }

    [Theory]
    [InlineData("1.123456789")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("1,5")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("184467440737.09551616")]
    public void Coins_refuse_what_is_not_an_exact_amount(string text) => Assert.False(Coins.TryParse(text, out _));

    [Theory]
    [InlineData(150_000_000L, "1.5")]
    [InlineData(1_234L, "0.00001234")]
    [InlineData(10_000_000_000L, "100")]
    [InlineData(0L, "0")]
    public void Coins_format_without_trailing_zeros(long units, string text) => Assert.Equal(text, Coins.Format(units));

    [Theory]
    [InlineData("60", 60.0)]
    [InlineData("1.5", 1.5)]
    [InlineData("90s", 90.0)]
    [InlineData("2m", 120.0)]
    [InlineData("500ms", 0.5)]
    [InlineData("1h", 3600.0)]
    [InlineData("00:02:00", 120.0)]
    [InlineData("1.00:00:00", 86_400.0)]
    public void Durations_are_seconds_a_unit_or_a_TimeSpan(string text, double seconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("5 days")]
    [InlineData("")]
    public void Durations_refuse_anything_else(string text) => Assert.False(Duration.TryParse(text, out _));

    [Fact]
    public void The_load_generator_reads_timeout_60_as_sixty_seconds_not_sixty_days()
    {
        var root = new RootCommand();
        LoadCommand.Configure(root);
        var parse = root.Parse(["--timeout", "60"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(TimeSpan.FromSeconds(60), parse.GetValue(ServiceOptions.Timeout));
        Assert.Equal(TimeSpan.FromMinutes(2), root.Parse([]).GetValue(ServiceOptions.Timeout));
        Assert.NotEmpty(root.Parse(["--timeout", "soon"]).Errors);
    }

    [Fact]
    public void The_load_generator_needs_no_urls_on_its_command_line()
    {
        var root = new RootCommand();
        LoadCommand.Configure(root);
        Assert.Empty(root.Parse(["--wallets", "5", "--transactions", "10"]).Errors);
    }

    [Fact]
    public void Send_parses_recipient_amount_fee_wallet_and_timeout()
    {
        var parse = CliApplication.CreateRoot(Silent()).Parse(["send", Recipient, "2.5", "--fee", "0.0001", "--from", "alice", "--timeout", "60", "--json"]);
        Assert.Empty(parse.Errors);
        Assert.Equal("send", parse.CommandResult.Command.Name);
        Assert.Equal(Recipient, parse.GetValue<string>("to"));
        Assert.Equal(250_000_000UL, parse.GetValue<ulong>("amount"));
        Assert.Equal(10_000UL, parse.GetValue<ulong>("--fee"));
        Assert.Equal("alice", parse.GetValue<string>("--from"));
        Assert.Equal(TimeSpan.FromSeconds(60), parse.GetValue<TimeSpan>("--timeout"));
        Assert.True(parse.GetValue<bool>("--json"));
    }

    [Fact]
    public void Send_defaults_the_fee_and_the_timeout()
    {
        var parse = CliApplication.CreateRoot(Silent()).Parse(["send", Recipient, "1"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(1_000UL, parse.GetValue<ulong>("--fee"));
        Assert.Equal(TimeSpan.FromMinutes(2), parse.GetValue<TimeSpan>("--timeout"));
    }

    [Fact]
    public void Global_options_work_before_or_after_the_command()
    {
        var root = CliApplication.CreateRoot(Silent());
        foreach (var args in (string[][])[["--json", "--chainquery", "http://localhost:1", "verify"], ["verify", "--json", "--chainquery", "http://localhost:1"]])
        {
            var parse = root.Parse(args);
            Assert.Empty(parse.Errors);
            Assert.True(parse.GetValue(GlobalOptions.Json));
            Assert.Equal(new Uri("http://localhost:1"), parse.GetValue(GlobalOptions.ChainQuery));
        }
    }

    [Theory]
    [InlineData("send")]
    [InlineData("send", Recipient)]
    [InlineData("send", Recipient, "1.123456789")]
    [InlineData("send", Recipient, "ten")]
    [InlineData("send", Recipient, "1", "--timeout", "soon")]
    [InlineData("faucet")]
    [InlineData("tx")]
    [InlineData("balance", "--chainquery", "not-a-url")]
    [InlineData("balance", "--ingest", "ftp://localhost:1")]
    [InlineData("balance", "--network", "not/a-name")]
    [InlineData("balance", "--chain-id", "-1")]
    [InlineData("chain", "tail", "--count", "0")]
    [InlineData("wallet")]
    [InlineData("launch-rockets")]
    [InlineData()]
    public async Task A_malformed_command_line_is_a_usage_error(params string[] args)
    {
        var result = await CliRun.WithFreshHome().RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_usage_error_with_json_writes_the_error_document()
    {
        var result = await CliRun.WithFreshHome().RunAsync("send", Recipient, "ten", "--json");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var error = result.Json().GetProperty("error");
        Assert.Equal("usage", error.GetProperty("code").GetString());
        Assert.Equal(ExitCodes.Usage, error.GetProperty("exitCode").GetInt32());
        Assert.Contains("amount", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_is_not_an_error()
    {
        var result = await CliRun.WithFreshHome().RunAsync("send", "--help");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("--from", result.Output, StringComparison.Ordinal);
        Assert.Contains("--fee", result.Output, StringComparison.Ordinal);
    }

    private static CliEnvironment Silent() => new(TextWriter.Null, TextWriter.Null, _ => null);
}
