using System.Diagnostics;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using AspireChain.Ledger;
using AspireChain.Testing.Aspire;
using AspireChain.Testing.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireChain.DistributedTests.AppHost;

/// <summary>
/// Aspire's own dashboard in Debian's chromium, against the whole running system: every resource listed Running and
/// healthy, one confirmed transfer's trace showing spans from the four services, and its block on the explorer's
/// lifecycle page.
/// </summary>
[Collection(AppHostCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class DashboardBrowserTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int ExpectTimeoutMs = 60_000;

    // The test output unless ASPIRECHAIN_SCREENSHOT_DIR says otherwise (the README's pictures are made that way).
    private static readonly string ScreenshotDirectory =
        Environment.GetEnvironmentVariable("ASPIRECHAIN_SCREENSHOT_DIR") is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Every_resource_is_running_and_healthy_and_a_transfer_shows_as_one_trace_across_the_four_services()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await Chromium.EnsureInstalledAsync(cts.Token);
        await using var run = await AppHostRun.StartAsync<Projects.AspireChain_AppHost>(["--Chain:Network=test"], null, dashboard: true, cts.Token);
        var started = Stopwatch.StartNew();

        // One transfer from the dev faucet, in a trace the test names (ingest continues the caller's traceparent).
        using var chainQuery = run.App.CreateHttpClient("chainquery");
        using var ingest = run.App.CreateHttpClient("ingest");
        using var faucet = DevFaucet.CreateKeyPair();
        using var recipient = KeyPair.Generate();
        var network = NetworkParameters.From(new ChainOptions { Network = "test" });
        var transfer = Transaction.Create(faucet, recipient.Address, 42, 1, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), network.ChainId);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/transactions") { Content = new ByteArrayContent(transfer.ToJson()) { Headers = { ContentType = new("application/json") } } })
        {
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await ingest.SendAsync(request, cts.Token);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        var height = await WaitUntilConfirmedAsync(chainQuery, transfer.Id.ToString(), cts.Token);
        output.WriteLine($"confirmed {started.Elapsed.TotalSeconds:F1} s after submit");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright, cts.Token);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        page.SetDefaultTimeout(ExpectTimeoutMs);
        SetDefaultExpectTimeout(ExpectTimeoutMs);
        Directory.CreateDirectory(ScreenshotDirectory);

        // The login URL carries the browser token, as the AppHost prints it.
        var loginUrl = (await run.App.GetDashboardUrlAsync(cts.Token))?.ToString() ?? throw new InvalidOperationException("The dashboard is not running.");
        await page.GotoAsync(loginUrl);
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        // Resources: every instance Aspire runs is listed, Running with the green (healthy) state icon.
        string[] expected = ["kafka", "chainquery", "ingest", .. run.Resources.Replicas("miner"), "validator"];
        Assert.Equal(7, expected.Distinct().Count());
        foreach (var name in expected)
        {
            var row = page.Locator("tr.resource-row").Filter(new LocatorFilterOptions { Has = page.Locator(".resource-name-text", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{name}$") }) });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator("td[col-index='2']")).ToHaveAttributeAsync("title", "Running");
            await Expect(row.Locator("td[col-index='2'] svg.severity-icon")).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("--success"));
        }

        // The load generator is listed too, waiting for someone to press Start (explicit start).
        var loadGenerator = page.Locator("tr.resource-row").Filter(new LocatorFilterOptions { Has = page.Locator(".resource-name-text", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("^loadgen$") }) });
        await Expect(loadGenerator).ToHaveCountAsync(1);
        await Expect(loadGenerator.Locator("td[col-index='2']")).Not.ToHaveAttributeAsync("title", "Running");
        await Expect(page.Locator("tr.resource-row")).ToHaveCountAsync(expected.Length + 1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "dashboard-resources.png") });

        // The transfer's trace: spans from ingest, a miner, the validator and chainquery (reloaded until the last arrives).
        var baseUrl = new Uri(loginUrl).GetLeftPart(UriPartial.Authority);
        // Each span row's first cell is titled "<resource>: <span name>".
        var spanRows = page.Locator("tr.fluent-data-grid-row td[col-index='1'][title]");
        string[] services = ["ingest", "miner-", "validator", "chainquery"];
        for (var attempt = 0; ; attempt++)
        {
            await page.GotoAsync($"{baseUrl}/traces/detail/{traceId}");
            await Expect(page.GetByText("Trace detail")).ToBeVisibleAsync();
            var shown = await spanRows.EvaluateAllAsync<string[]>("cells => cells.map(c => c.getAttribute('title'))");
            if (services.All(s => shown.Any(text => text.Trim().StartsWith(s, StringComparison.Ordinal))) || attempt == 20)
            {
                Assert.All(services, s => Assert.Contains(shown, text => text.Trim().StartsWith(s, StringComparison.Ordinal)));
                break;
            }

            await Task.Delay(1_000, cts.Token);
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "dashboard-trace.png") });

        // The explorer (chainquery's link in the dashboard): the block lifecycle page shows the transfer's block.
        await page.GotoAsync(new Uri(run.App.GetEndpoint("chainquery", "http"), "/explorer#lifecycle").ToString());
        var lifecycleRow = page.Locator($"#lifecycle tr[data-height='{height}']");
        await Expect(lifecycleRow).ToBeVisibleAsync();
        await Expect(lifecycleRow.Locator("td.txs")).ToHaveTextAsync("2"); // the coinbase and the transfer
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "explorer-lifecycle.png") });
    }

    /// <summary>Polls ChainQuery until the transfer is confirmed; returns its block's height.</summary>
    private static async Task<long> WaitUntilConfirmedAsync(HttpClient chainQuery, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var response = await chainQuery.GetAsync(new Uri($"/transactions/{id}", UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<TransactionStatus>(cancellationToken) is { Status: "confirmed", Height: { } height })
            {
                return height;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private sealed record TransactionStatus(string Status, long? Height);
}
