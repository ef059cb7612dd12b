using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AspireChain.AppHost.Dashboard.Telemetry;
using AspireChain.AppHost.Hosting;
using AspireChain.AppHost.Tests.Hosting;
using AspireChain.Ledger;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireChain.AppHost.Tests.Dashboard;

/// <summary>
/// Issue #5's acceptance check against the real running system (no emitted scenario): a faucet transfer submitted to
/// ingest and confirmed on ChainQuery shows, in Debian's chromium, as a trace with spans from all four services, and
/// the resources page lists every resource as running or healthy.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Category", "Distributed")]
public sealed partial class LiveSystemBrowserTests(RunningSystemFixture system)
{
    private const string Chromium = "/usr/bin/chromium";
    private const int ExpectTimeoutMs = 45_000;
    private static readonly string[] Services = ["chainquery", "ingest", "miner", "validator"];
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    // Same place as DashboardBrowserTests: the test output unless ASPIRECHAIN_SCREENSHOT_DIR says otherwise.
    private static readonly string ScreenshotDirectory =
        Environment.GetEnvironmentVariable("ASPIRECHAIN_SCREENSHOT_DIR") is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    private DistributedApplication App => system.App;

    [Fact]
    public async Task A_confirmed_transfer_shows_as_a_four_service_trace_and_every_resource_is_running()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run does).");
        using var deadline = new CancellationTokenSource(DistributedCollection.StartTimeout + TimeSpan.FromMinutes(2));
        await App.WaitForAllHealthyAsync(DistributedCollection.StartTimeout, deadline.Token);
        var telemetry = App.Telemetry ?? throw new InvalidOperationException("The dashboard's telemetry store is not running.");
        var dashboardUrl = App.DashboardUrl ?? throw new InvalidOperationException("The dashboard is not running.");

        // One signed transfer from the dev faucet, with the nonce ChainQuery says comes next (the fixture is shared).
        using var chainQuery = App.CreateHttpClient("chainquery");
        using var ingest = App.CreateHttpClient("ingest");
        using var faucet = DevFaucet.CreateKeyPair();
        using var recipient = KeyPair.Generate();
        var network = NetworkParameters.From(new ChainOptions { Network = "test" });
        var nonce = await GetNextNonceAsync(chainQuery, faucet.Address, deadline.Token);
        var transfer = Transaction.Create(faucet, recipient.Address, 42, 1, nonce, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), network.ChainId);
        var id = transfer.Id.ToString();
        await SubmitAsync(ingest, transfer, deadline.Token);
        await WaitUntilConfirmedAsync(chainQuery, id, deadline.Token);

        // The block continues the trace of its first transaction (the only one here): POST → mine → validate → commit → apply.
        string? traceId = null;
        var complete = await telemetry.WaitForAsync(
            store => (traceId = FindTraceId(store, id)) is not null && IsComplete(store.GetTrace(traceId)),
            TimeSpan.FromSeconds(60),
            deadline.Token);
        Assert.True(complete, traceId is null
            ? $"no transaction.submit span for {id} arrived"
            : $"trace {traceId} has spans from: {string.Join(", ", telemetry.GetTrace(traceId).Select(s => $"{s.ServiceName}/{s.Name}"))}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 860 } });
        page.SetDefaultTimeout(ExpectTimeoutMs);
        SetDefaultExpectTimeout(ExpectTimeoutMs);
        Directory.CreateDirectory(ScreenshotDirectory);
        var uiUrl = dashboardUrl.ToString().TrimEnd('/');

        // Resources: every resource the engine runs, listed and live (a probe flapping under load settles within the timeout).
        var resources = App.GetResources();
        Assert.Superset(new HashSet<string>(["kafka", "ingest", "miner-0", "miner-1", "validator", "chainquery"], StringComparer.Ordinal), resources.Select(r => r.Name).ToHashSet(StringComparer.Ordinal));
        await page.GotoAsync(uiUrl + "/#/resources");
        foreach (var resource in resources)
        {
            var row = page.Locator($"#resources tr[data-resource='{resource.Name}']");
            await Expect(row.Locator("td").First).ToContainTextAsync(resource.Name);
            await Expect(row.Locator(".state")).ToHaveTextAsync(LiveState());
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "live-resources.png") });

        // The trace page of that transaction: the waterfall has rows from each of the four services.
        await page.GotoAsync($"{uiUrl}/#/traces/{traceId}");
        var rows = page.Locator("#waterfall .span-row");
        await Expect(page.Locator("#trace-service-count")).ToHaveTextAsync("4");
        foreach (var service in Services)
        {
            await Expect(page.Locator($"#waterfall .span-row[data-service='{service}']").First).ToBeVisibleAsync();
        }

        await Expect(rows.Filter(new LocatorFilterOptions { HasText = "transaction.submit" })).Not.ToHaveCountAsync(0);
        await Expect(rows.Filter(new LocatorFilterOptions { HasText = "block.apply" })).Not.ToHaveCountAsync(0);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await rows.AllAsync())
        {
            shown.Add(await row.GetAttributeAsync("data-service") ?? string.Empty);
        }

        Assert.Equal(Services, shown.Order(StringComparer.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "live-trace.png"), FullPage = true });
    }

    private static string? FindTraceId(TelemetryStore store, string transactionId) =>
        store.FindSpans(s => s.Name == "transaction.submit" && s.Attribute("transaction.id") == transactionId).FirstOrDefault()?.TraceId;

    private static bool IsComplete(IReadOnlyList<TelemetrySpan> trace) =>
        Services.All(service => trace.Any(s => s.ServiceName == service))
        && trace.Any(s => s.Name == "block.commit")
        && trace.Any(s => s.Name == "block.apply");

    private static async Task<ulong> GetNextNonceAsync(HttpClient chainQuery, Address address, CancellationToken cancellationToken)
    {
        using var response = await chainQuery.GetAsync(new Uri($"/addresses/{address}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }

        response.EnsureSuccessStatusCode();
        using var account = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return account.RootElement.GetProperty("nonce").GetUInt64();
    }

    private static async Task SubmitAsync(HttpClient ingest, Transaction transfer, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetString(transfer.ToJson());
        while (true)
        {
            using var response = await ingest.PostAsync(new Uri("/transactions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return;
            }

            // The broker not taking it yet is the one answer worth retrying (same bytes, same id: never a double spend).
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private static async Task WaitUntilConfirmedAsync(HttpClient chainQuery, string id, CancellationToken cancellationToken)
    {
        string? last = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                using var response = await chainQuery.GetAsync(new Uri($"/transactions/{id}", UriKind.Relative), timeout.Token);
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    response.EnsureSuccessStatusCode();
                    last = await response.Content.ReadAsStringAsync(timeout.Token);
                    using var status = JsonDocument.Parse(last);
                    var value = status.RootElement.GetProperty("status").GetString();
                    Assert.NotEqual("rejected", value);
                    if (value == "confirmed")
                    {
                        return;
                    }
                }

                await Task.Delay(PollInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{id} was not confirmed within 60 s; last status: {last ?? "not found"}"));
        }
    }

    [GeneratedRegex("^(Running|Healthy)$")]
    private static partial Regex LiveState();
}
