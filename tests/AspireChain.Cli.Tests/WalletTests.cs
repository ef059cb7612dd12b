using System.Text.Json;
using AspireChain.Cli.Tests.Infrastructure;
using AspireChain.Ledger;

namespace AspireChain.Cli.Tests;

/// <summary>
/// <c>wallet new|list|show</c>: key files owner-only (set on every write, refused on read when open to others), never
/// overwritten, the private key printed only when asked.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // File modes are POSIX.
public sealed class WalletTests
{
    [Fact]
    public async Task A_new_wallet_is_a_key_file_only_its_owner_can_read_in_an_owner_only_folder()
    {
        var cli = CliRun.WithFreshHome();
        var result = await cli.RunAsync("wallet", "new", "alice", "--json");
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());

        var path = Path.Combine(cli.Home, "wallets", "alice.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(cli.Home, "wallets")));

        // The file holds a key that controls the address it states.
        using var stored = JsonDocument.Parse(File.ReadAllText(path));
        using var key = KeyPair.FromPrivateKeyHex(stored.RootElement.GetProperty("privateKey").GetString()!);
        Assert.Equal(stored.RootElement.GetProperty("address").GetString(), key.Address.ToString());
    }

    [Fact]
    public async Task Every_write_makes_the_folder_0700_and_the_file_0600_even_when_the_folder_was_open()
    {
        var cli = CliRun.WithFreshHome();
        var folder = Path.Combine(cli.Home, "wallets");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("777", 8));

        var result = await cli.RunAsync("wallet", "new", "alice");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "alice.json")));
    }

    [Theory]
    [InlineData("644")]
    [InlineData("640")]
    [InlineData("604")]
    [InlineData("620")]
    public async Task A_wallet_file_open_to_group_or_others_is_refused_with_how_to_fix_it(string mode)
    {
        var cli = CliRun.WithFreshHome();
        await cli.RunAsync("wallet", "new", "alice");
        var path = Path.Combine(cli.Home, "wallets", "alice.json");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));

        var named = await cli.RunAsync("wallet", "show", "alice", "--show-private-key", "--json");
        // Unnamed, the only wallet is taken: it is checked the same way.
        var only = await cli.RunAsync("send", new string('b', 40), "1", "--chainquery", "http://127.0.0.1:9/", "--ingest", "http://127.0.0.1:9/");

        Assert.True(named.ExitCode == ExitCodes.BadInput, named.ToString());
        var message = named.Json().GetProperty("error").GetProperty("message").GetString();
        Assert.Contains($"Wallet 'alice' ({path}) is open to others (mode {mode})", message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {path}", message, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivateKeyOf(cli, "alice"), named.Output, StringComparison.Ordinal);
        Assert.True(only.ExitCode == ExitCodes.BadInput, only.ToString());
        Assert.Contains("is open to others", only.Error, StringComparison.Ordinal);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("wallet", "show", "alice")).ExitCode);
    }

    [Fact]
    public async Task Wallet_new_prints_name_address_public_key_and_file_but_not_the_private_key()
    {
        var cli = CliRun.WithFreshHome();
        var result = await cli.RunAsync("wallet", "new", "alice", "--json");
        var wallet = result.Json();
        Assert.Equal(["name", "address", "publicKey", "path", "createdAt"], wallet.EnumerateObject().Select(p => p.Name));
        Assert.Equal("alice", wallet.GetProperty("name").GetString());
        Assert.True(Address.TryParse(wallet.GetProperty("address").GetString(), out _));
        Assert.True(PublicKey.TryParse(wallet.GetProperty("publicKey").GetString(), out _));
        Assert.Equal(Path.Combine(cli.Home, "wallets", "alice.json"), wallet.GetProperty("path").GetString());

        var privateKey = PrivateKeyOf(cli, "alice");
        Assert.DoesNotContain(privateKey, result.Output, StringComparison.Ordinal);
        var text = await cli.RunAsync("wallet", "show", "alice");
        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains(wallet.GetProperty("address").GetString()!, text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(privateKey, text.Output, StringComparison.Ordinal);
        var list = await cli.RunAsync("wallet", "list");
        Assert.DoesNotContain(privateKey, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_private_key_is_printed_when_asked_for()
    {
        var cli = CliRun.WithFreshHome();
        await cli.RunAsync("wallet", "new", "alice");
        var privateKey = PrivateKeyOf(cli, "alice");

        var json = await cli.RunAsync("wallet", "show", "alice", "--show-private-key", "--json");
        Assert.Equal(privateKey, json.Json().GetProperty("privateKey").GetString());
        var text = await cli.RunAsync("wallet", "show", "alice", "--show-private-key");
        Assert.Contains(privateKey, text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wallet_is_never_overwritten()
    {
        var cli = CliRun.WithFreshHome();
        await cli.RunAsync("wallet", "new", "alice");
        var before = File.ReadAllText(Path.Combine(cli.Home, "wallets", "alice.json"));

        var again = await cli.RunAsync("wallet", "new", "alice", "--json");
        Assert.Equal(ExitCodes.BadInput, again.ExitCode);
        Assert.Equal("bad-input", again.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(cli.Home, "wallets", "alice.json")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("with space")]
    public async Task A_name_that_could_leave_the_wallets_folder_is_bad_input(string name)
    {
        var cli = CliRun.WithFreshHome();
        var result = await cli.RunAsync("wallet", "new", name);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("not a wallet name", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(cli.Home, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Wallet_list_names_every_wallet_in_order()
    {
        var cli = CliRun.WithFreshHome();
        Assert.Empty((await cli.RunAsync("wallet", "list", "--json")).Json().GetProperty("wallets").EnumerateArray());
        await cli.RunAsync("wallet", "new", "bob");
        await cli.RunAsync("wallet", "new", "alice");

        var list = (await cli.RunAsync("wallet", "list", "--json")).Json();
        Assert.Equal(Path.Combine(cli.Home, "wallets"), list.GetProperty("directory").GetString());
        Assert.Equal(["alice", "bob"], list.GetProperty("wallets").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
        Assert.All(list.GetProperty("wallets").EnumerateArray(), w => Assert.False(w.TryGetProperty("privateKey", out _)));
    }

    [Fact]
    public async Task Without_a_name_the_default_wallet_or_else_the_only_one_is_used()
    {
        var cli = CliRun.WithFreshHome();
        Assert.Equal(ExitCodes.BadInput, (await cli.RunAsync("wallet", "show")).ExitCode);

        var bob = (await cli.RunAsync("wallet", "new", "bob", "--json")).Json();
        Assert.Equal("bob", (await cli.RunAsync("wallet", "show", "--json")).Json().GetProperty("name").GetString());

        await cli.RunAsync("wallet", "new", "carol");
        var ambiguous = await cli.RunAsync("wallet", "show");
        Assert.Equal(ExitCodes.BadInput, ambiguous.ExitCode);
        Assert.Contains("bob, carol", ambiguous.Error, StringComparison.Ordinal);

        var created = (await cli.RunAsync("wallet", "new", "--json")).Json();
        Assert.Equal("default", created.GetProperty("name").GetString());
        Assert.Equal(created.GetProperty("address").GetString(), (await cli.RunAsync("wallet", "show", "--json")).Json().GetProperty("address").GetString());
        Assert.NotEqual(bob.GetProperty("address").GetString(), created.GetProperty("address").GetString());
    }

    [Fact]
    public async Task An_unknown_wallet_is_bad_input_that_lists_the_known_ones()
    {
        var cli = CliRun.WithFreshHome();
        await cli.RunAsync("wallet", "new", "alice");
        var result = await cli.RunAsync("wallet", "show", "alcie", "--json");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("No wallet named 'alcie' (wallets: alice)", result.Json().GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static string PrivateKeyOf(CliRun cli, string name)
    {
        using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli.Home, "wallets", name + ".json")));
        return stored.RootElement.GetProperty("privateKey").GetString()!;
    }
}
