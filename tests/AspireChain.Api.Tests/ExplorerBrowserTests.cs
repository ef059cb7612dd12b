using AspireChain.Api.Tests.Infrastructure;
using AspireChain.ChainQuery;
using AspireChain.EmbeddedKafka;
using AspireChain.Ledger;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireChain.Api.Tests;

/// <summary>
/// The block explorer page in a real browser (Debian's chromium driven by Playwright; never a downloaded browser):
/// it lists the latest blocks, shows a new block live through SSE, and finds blocks and addresses.
/// </summary>
public sealed class ExplorerBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
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
    public async Task Explorer_lists_blocks_updates_live_and_searches()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run does).");
        using var publisher = new ChainPublisher(_broker.BootstrapServers);
        using var faucet = DevFaucet.CreateKeyPair();
        using var alice = KeyPair.Generate();
        publisher.Block(_chain.Next(Wallets.Transfer(faucet, alice.Address, 1_234, 0)));
        var block2 = _chain.Next();
        publisher.Block(block2);
        await using var query = await ServiceHost.StartAsync(ChainQueryApp.Build, new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = _broker.BootstrapServers,
            ["Chain:Network"] = "test",
            ["Kafka:ProvisionTopics"] = "false",
            ["ChainQuery:DatabasePath"] = Path.Combine(_dataDirectory, "chainquery.db"),
        });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
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

        await page.FillAsync("#query", "2");
        await page.PressAsync("#query", "Enter");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("Block 2");
        await Expect(page.Locator("#detail")).ToContainTextAsync(block2.Hash.ToString());

        await page.FillAsync("#query", alice.Address.ToString());
        await page.PressAsync("#query", "Enter");
        await Expect(page.Locator("#detail")).ToContainTextAsync("\"balance\": 1234");

        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "explorer.png") });
    }
}
