using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.Contracts.Messages;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using AspireChain.Testing.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireChain.ChainQuery.Tests;

/// <summary>
/// The block explorer page in a real browser (Debian's chromium driven by Playwright; never a downloaded browser):
/// it lists the latest blocks, shows a new block live through SSE, finds blocks and addresses, and shows the block
/// lifecycle tab.
/// </summary>
public sealed class ExplorerBrowserTests : IDisposable
{
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1, InitialRebalanceDelay = TimeSpan.FromMilliseconds(100) });
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("explorer-tests-").FullName;
    private readonly TestChain _chain = new();

    public void Dispose()
    {
        _chain.Dispose();
        _broker.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Explorer_lists_blocks_updates_live_searches_and_shows_the_block_lifecycle()
    {
        await Chromium.EnsureInstalledAsync();
        using var publisher = new ChainPublisher(_broker.BootstrapServers);
        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        var minedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2_000;
        publisher.Block(_chain.Next(Wallets.Transfer(faucet, alice.Address, 1_234, 0)), Provenance.Honest("miner-3", 4_096, 512, minedAtMs, minedAtMs + 25));
        var block2 = _chain.Next();
        publisher.Block(block2);
        publisher.Rejection(new Rejection(RejectionKinds.Block, new string('e', 64), 2, "stale", "lost the race", "validator", DateTimeOffset.UtcNow));
        await using var query = await ChainQueryHost.StartAsync(_broker.BootstrapServers, Path.Combine(_dataDirectory, "chainquery.db"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        SetDefaultExpectTimeout(30_000);

        await page.GotoAsync(query.Address.ToString());
        await Expect(page.Locator("#blocks tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#status")).ToHaveTextAsync("live");

        // A block applied after the page loaded arrives through the event stream, newest on top.
        var block3 = _chain.Next();
        publisher.Block(block3);
        await Expect(page.Locator("#blocks tr").First).ToHaveAttributeAsync("data-height", "3");
        await Expect(page.Locator("#height")).ToHaveTextAsync("3");
        await Expect(page.Locator("#verification")).ToHaveAttributeAsync("data-state", "none");
        using (var verified = await ChainQueryHost.VerifyAsync(query))
        {
            Assert.True(verified.RootElement.GetProperty("valid").GetBoolean(), verified.RootElement.ToString());
        }

        await page.FillAsync("#query", "2");
        await page.PressAsync("#query", "Enter");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("Block 2");
        await Expect(page.Locator("#detail")).ToContainTextAsync(block2.Hash.ToString());

        await page.FillAsync("#query", alice.Address.ToString());
        await page.PressAsync("#query", "Enter");
        await Expect(page.Locator("#view-address")).ToBeVisibleAsync();
        await Expect(page.Locator("#address-balance")).ToHaveAttributeAsync("data-units", "1234");
        await Expect(page.Locator("#address-balance")).ToHaveTextAsync("0.00001234");
        await Expect(page.Locator("#address-history tbody tr[data-direction='in']")).ToHaveCountAsync(1);

        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "explorer.png") });

        // The block lifecycle tab: who mined each block, its steps, hash rate and the candidates lost at its height.
        await page.ClickAsync("#tab-lifecycle");
        await Expect(page.Locator("#view-lifecycle")).ToBeVisibleAsync();
        await Expect(page.Locator("#view-blocks")).ToBeHiddenAsync();
        var first = page.Locator("#lifecycle tr[data-height='1']");
        await Expect(first.Locator("td.miner")).ToContainTextAsync("miner-3");
        await Expect(first.Locator("td.txs")).ToHaveTextAsync("2");
        await Expect(first.Locator("td.hash-rate")).ToContainTextAsync("8.00 kH/s");
        await Expect(first.Locator("td.hash-rate")).ToContainTextAsync("reported");
        await Expect(page.Locator("#lifecycle tr[data-height='2'] td.rejected")).ToContainTextAsync("stale eeeeeeee");
        await Expect(page.Locator("#lifecycle tr[data-height='3'] td.hash-rate")).ToContainTextAsync("estimated");

        // A block applied while the tab is open shows up without a reload.
        var block4 = _chain.Next();
        publisher.Block(block4);
        await Expect(page.Locator("#lifecycle tbody tr").First).ToHaveAttributeAsync("data-hash", block4.Hash.ToString());
        // The figures above the blocks show the last verification run (read again with each new block).
        await Expect(page.Locator("#verification")).ToHaveAttributeAsync("data-state", "valid");
        await Expect(page.Locator("#verification")).ToContainTextAsync("verified: valid to height 3");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "lifecycle.png"), FullPage = true });

        // The page is also served at /explorer, and #lifecycle opens the tab directly.
        await page.GotoAsync(new Uri(query.Address, "/explorer#lifecycle").ToString());
        await Expect(page.Locator("#lifecycle tr[data-height='4']")).ToBeVisibleAsync();
    }
}
