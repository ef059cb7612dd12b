using Microsoft.Playwright;
using OpenTelemetry.Exporter;
using static Microsoft.Playwright.Assertions;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium driven by Playwright; never a downloaded browser): resources
/// with their states, a trace waterfall across four services, blocks and metrics pages that render.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const int HistoryBlocks = 36;

    // Screenshots go to the test output unless ASPIRECHAIN_SCREENSHOT_DIR says otherwise (AppHost/Dashboard/docs for the README).
    private static readonly string ScreenshotDirectory =
        Environment.GetEnvironmentVariable("ASPIRECHAIN_SCREENSHOT_DIR") is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Resources_page_lists_every_resource_and_a_trace_waterfall_spans_four_services()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run does).");
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var dashboard = await DashboardTestHost.StartAsync();
        var scenario = ChainTraceScenario.Emit(dashboard.Host.OtlpHttpEndpoint, OtlpExportProtocol.HttpProtobuf, HistoryBlocks, exportHashRateMetric: false);
        Assert.True(await dashboard.Host.Telemetry.WaitForAsync(store => store.GetTrace(scenario.TransactionTraceId).Count == 9, TimeSpan.FromSeconds(20), deadline.Token));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 860 } });
        page.SetDefaultTimeout(30_000);
        SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(ScreenshotDirectory);

        // Resources: every resource the orchestrator reports, with its state.
        await page.GotoAsync(dashboard.Host.UiUrl + "/#/resources");
        foreach (var resource in dashboard.Resources.GetResources())
        {
            var row = page.Locator($"#resources tr[data-resource='{resource.Name}']");
            await Expect(row.Locator(".state")).ToHaveTextAsync(resource.State);
            await Expect(row.Locator("td").First).ToContainTextAsync(resource.Name);
        }

        await Expect(page.Locator("#resources tr[data-resource='miner-1'] .tag").First).ToHaveTextAsync("replica of miner");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "dashboard.png") });

        // A button click goes through the API to the orchestrator, and the page shows the new state.
        await page.Locator("#resources tr[data-resource='miner-2'] button", new PageLocatorOptions { HasText = "Stop" }).ClickAsync();
        await Expect(page.Locator("#resources tr[data-resource='miner-2'] .state")).ToHaveTextAsync("Stopped");
        Assert.Equal("Stopped", dashboard.Resources.GetResources().Single(resource => resource.Name == "miner-2").State);

        // Console: the resource's lines, tailed live.
        await page.GotoAsync(dashboard.Host.UiUrl + "/#/console/miner-2");
        await Expect(page.Locator("#console")).ToContainTextAsync("stop requested");
        dashboard.Resources.Write("miner-2", "warn: written after the page opened", isError: true);
        await Expect(page.Locator("#console .stderr")).ToContainTextAsync("written after the page opened");

        // Structured logs from OTLP, linked to their trace.
        await page.GotoAsync(dashboard.Host.UiUrl + "/#/logs");
        await Expect(page.Locator("#page tbody")).ToContainTextAsync("Accepted transaction tx-0001");
        await Expect(page.Locator($"#page tbody a[href='#/traces/{scenario.TransactionTraceId}']")).ToHaveCountAsync(1);

        // Traces list, then the waterfall of the transaction's trace: spans of all four services, nested.
        await page.GotoAsync(dashboard.Host.UiUrl + "/#/traces");
        await page.Locator($"#traces tr[data-trace='{scenario.TransactionTraceId}']").ClickAsync();
        var rows = page.Locator("#waterfall .span-row");
        await Expect(rows).ToHaveCountAsync(9);
        var services = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await rows.AllAsync())
        {
            services.Add(await row.GetAttributeAsync("data-service") ?? string.Empty);
        }

        Assert.Equal(["chainquery", "ingest", "miner", "validator"], services.Order(StringComparer.Ordinal));
        await Expect(page.Locator("#trace-service-count")).ToHaveTextAsync("4");
        await Expect(rows.First).ToContainTextAsync("POST /transactions");
        await Expect(rows.Last).ToContainTextAsync("block.apply");

        // Nesting: block.apply hangs off the validator's "send blocks" producer span, deeper than the root.
        var rootIndent = await rows.First.Locator(".wf-name").EvaluateAsync<string>("e => e.style.paddingLeft");
        var applyIndent = await rows.Last.Locator(".wf-name").EvaluateAsync<string>("e => e.style.paddingLeft");
        Assert.True(ParsePixels(applyIndent) > ParsePixels(rootIndent), $"block.apply is not nested: {applyIndent} vs root {rootIndent}");

        await page.Locator("#waterfall .span-row", new PageLocatorOptions { HasText = "block.mine" }).ClickAsync();
        await Expect(page.Locator("#waterfall .wf-detail")).ToContainTextAsync("aspirechain.block.hash");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "dashboard-trace.png") });

        // Blocks: every candidate, newest height first; height 42 has the accepted block and miner-1's stale candidate.
        await page.GotoAsync(dashboard.Host.UiUrl + "/#/blocks");
        var blockRows = page.Locator("#blocks tbody tr");
        await Expect(blockRows).ToHaveCountAsync(HistoryBlocks + (HistoryBlocks / 5) + 2);
        await Expect(page.Locator("#blocks tbody tr[data-height='42']")).ToHaveCountAsync(2);
        await Expect(page.Locator("#blocks tbody tr[data-height='42']", new PageLocatorOptions { HasText = "accepted" })).ToContainTextAsync("miner-0");
        await Expect(page.Locator("#blocks tbody tr[data-height='42']", new PageLocatorOptions { HasText = "stale" })).ToContainTextAsync("miner-1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "dashboard-blocks.png") });

        // Metrics: the four charts render from received telemetry.
        await page.GotoAsync(dashboard.Host.UiUrl + "/#/metrics");
        await Expect(page.Locator("#height-value")).ToHaveTextAsync("42");
        await Expect(page.Locator("#hash-rate-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d+)?k$"));
        await Expect(page.Locator("#hash-rate-source")).ToHaveTextAsync("from spans block.mine");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "dashboard-metrics.png") });
    }

    private static double ParsePixels(string css) =>
        double.Parse(css.Replace("px", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
