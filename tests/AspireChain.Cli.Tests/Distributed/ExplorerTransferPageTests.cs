using System.Text.Json;
using AspireChain.Cli.Tests.Infrastructure;
using AspireChain.Testing.Browser;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AspireChain.Cli.Tests.Distributed;

/// <summary>
/// "Where is my transfer?" in a real browser (Debian's chromium): a transfer sent with the CLI shows as confirmed on
/// the explorer page the CLI printed, with its block, confirmations and a link to its trace in the dashboard; the
/// recipient's address page shows the new balance and the transfer in its history; the search box finds both.
/// With <c>ASPIRECHAIN_SCREENSHOT_DIR</c> set, the two pages are saved there for the README.
/// </summary>
[Collection(CliSystemCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class ExplorerTransferPageTests(CliSystemFixture system, ITestOutputHelper output)
{
    private const int ExpectTimeoutMs = 30_000;

    private static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("ASPIRECHAIN_SCREENSHOT_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task A_transfer_sent_with_the_cli_shows_as_confirmed_on_its_explorer_page()
    {
        var cli = system.NewCli();
        await RunAsync(cli, "wallet", "new", "grace");
        await RunAsync(cli, "wallet", "new", "heidi");
        Assert.Equal(ExitCodes.Success, (await RunAsync(cli, "faucet", "grace", "25")).ExitCode);
        var sent = await RunAsync(cli, "send", "heidi", "1.25", "--from", "grace", "--json");
        Assert.True(sent.ExitCode == ExitCodes.Success, sent.ToString());
        var transfer = sent.Json();
        var id = transfer.GetProperty("id").GetString()!;
        var height = transfer.GetProperty("height").GetInt64();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 600 } });
        page.SetDefaultTimeout(ExpectTimeoutMs);
        SetDefaultExpectTimeout(ExpectTimeoutMs);
        Directory.CreateDirectory(ScreenshotDirectory);

        // The page the CLI printed: status, block, confirmations, amount and the trace in the dashboard.
        await page.GotoAsync(transfer.GetProperty("explorerUrl").GetString()!);
        await Expect(page.Locator("#view-tx")).ToBeVisibleAsync();
        await Expect(page.Locator("#tx-id")).ToHaveTextAsync(id);
        await Expect(page.Locator("#tx-status")).ToHaveTextAsync("confirmed");
        await Expect(page.Locator("#tx-status")).ToHaveAttributeAsync("data-status", "confirmed");
        await Expect(page.Locator("#tx-block a")).ToHaveTextAsync(height.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#tx-block-hash")).ToHaveTextAsync(transfer.GetProperty("blockHash").GetString()!);
        await Expect(page.Locator("#tx-confirmations")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        await Expect(page.Locator("#tx-amount")).ToHaveAttributeAsync("data-units", "125000000");
        await Expect(page.Locator("#tx-amount")).ToHaveTextAsync("1.25");
        await Expect(page.Locator("#tx-step-confirmed")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("done"));
        await Expect(page.Locator("#tx-trace-link")).ToHaveAttributeAsync("href", transfer.GetProperty("traceUrl").GetString()!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "explorer-transfer.png") });

        // Its recipient, one click away: the balance and the transfer in the history.
        await page.ClickAsync("#tx-to a");
        await Expect(page.Locator("#view-address")).ToBeVisibleAsync();
        await Expect(page.Locator("#address-id")).ToHaveTextAsync(transfer.GetProperty("to").GetString()!);
        await Expect(page.Locator("#address-balance")).ToHaveAttributeAsync("data-units", "125000000");
        await Expect(page.Locator($"#address-history tbody tr[data-tx='{id}'][data-direction='in']")).ToHaveCountAsync(1);

        // The sender's page: funded by the faucet, then the transfer out.
        await page.GotoAsync(new Uri(system.ChainQuery, $"/#address/{transfer.GetProperty("from").GetString()}").ToString());
        await Expect(page.Locator("#address-history tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator($"#address-history tbody tr[data-tx='{id}'][data-direction='out']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#address-nonce")).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "explorer-address.png") });

        // One search box: a transaction id lands on its page.
        await page.FillAsync("#query", id);
        await page.PressAsync("#query", "Enter");
        await Expect(page.Locator("#view-tx")).ToBeVisibleAsync();
        await Expect(page.Locator("#tx-id")).ToHaveTextAsync(id);
        await Expect(page.Locator("#tx-status")).ToHaveTextAsync("confirmed");
        // Without the trace id in the address, the link is the dashboard's traces filtered by the transaction id.
        await Expect(page.Locator("#tx-trace-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"/traces\\?filters=transaction\\.id%3Aequals%3A{id}$"));
    }

    private async Task<CliResult> RunAsync(CliRun cli, params string[] args)
    {
        var result = await cli.RunAsync(args);
        output.WriteLine($"$ aspirechain {string.Join(' ', args)}\n{result}");
        return result;
    }
}
