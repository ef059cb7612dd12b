using Aspire.Hosting;
using Aspire.Hosting.Testing;
using AspireChain.Cli.Tests.Infrastructure;
using AspireChain.Client.Profile;
using AspireChain.Testing.Aspire;

namespace AspireChain.Cli.Tests.Distributed;

/// <summary>
/// One whole system for the CLI's end-to-end tests: the real AppHost on the test network (fast blocks), with Aspire's
/// dashboard (so transfers get trace links) and its endpoints file written to a folder of the test's own. Each test
/// gets a fresh profile folder holding a copy of that file, so the CLI finds the system exactly as a person's would.
/// </summary>
public sealed class CliSystemFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private AppHostRun? _run;

    /// <summary>Where the AppHost wrote its endpoints file.</summary>
    public string EndpointsFilePath { get; } = Path.Combine(Directory.CreateTempSubdirectory("aspirechain-cli-system-").FullName, ProfileDirectory.EndpointsFileName);

    /// <summary>The running system.</summary>
    public AppHostRun Run => _run ?? throw new InvalidOperationException("The system has not started.");

    /// <summary>Ingest's proxied endpoint.</summary>
    public Uri Ingest => Run.App.GetEndpoint("ingest", "http");

    /// <summary>ChainQuery's proxied endpoint.</summary>
    public Uri ChainQuery => Run.App.GetEndpoint("chainquery", "http");

    /// <summary>A CLI with a fresh profile folder that holds the running AppHost's endpoints file.</summary>
    public CliRun NewCli()
    {
        var cli = CliRun.WithFreshHome();
        File.Copy(EndpointsFilePath, Path.Combine(cli.Home, ProfileDirectory.EndpointsFileName));
        return cli;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        _run = await AppHostRun.StartAsync<Projects.AspireChain_AppHost>(
            ["--Chain:Network=test", "--Chain:InitialExpectedAttempts=4096", "--Miners=2", $"--EndpointsFile={EndpointsFilePath}"],
            configure: null, dashboard: true, timeout.Token);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }

        Directory.Delete(Path.GetDirectoryName(EndpointsFilePath)!, recursive: true);
    }
}
