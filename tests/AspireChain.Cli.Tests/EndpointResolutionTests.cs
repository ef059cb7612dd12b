using System.Diagnostics;
using AspireChain.Cli.Tests.Infrastructure;
using AspireChain.Client.Profile;
using AspireChain.Testing.Aspire;

namespace AspireChain.Cli.Tests;

/// <summary>
/// Where the services are: the option, else Aspire's service-discovery variable, else a running AppHost's endpoints
/// file, else the launch-profile port; an unreachable service is reported with its URL and where that URL came from.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // File modes are POSIX.
public sealed class EndpointResolutionTests
{
    private static readonly Uri Option = new("http://option:1");
    private static readonly Uri FromFile = new("http://file:3");

    [Fact]
    public void The_option_comes_first()
    {
        var resolved = ServiceEndpoints.Resolve(ServiceEndpoints.ChainQuery, Option, Variables(("services__chainquery__http__0", "http://discovered:2")), File());
        Assert.Equal((Option, EndpointSource.Option), (resolved.Url, resolved.Source));
    }

    [Fact]
    public void Service_discovery_comes_before_the_endpoints_file()
    {
        var resolved = ServiceEndpoints.Resolve(ServiceEndpoints.ChainQuery, null, Variables(("services__chainquery__http__0", "http://discovered:2")), File());
        Assert.Equal((new Uri("http://discovered:2"), EndpointSource.ServiceDiscovery), (resolved.Url, resolved.Source));
        Assert.Contains("services__chainquery__http__0", resolved.SourceText, StringComparison.Ordinal);
    }

    [Fact]
    public void An_https_only_discovery_variable_is_taken_and_a_malformed_one_is_passed_over()
    {
        var https = ServiceEndpoints.Resolve(ServiceEndpoints.Ingest, null, Variables(("services__ingest__https__0", "https://discovered:2")), null);
        Assert.Equal(new Uri("https://discovered:2"), https.Url);
        var malformed = ServiceEndpoints.Resolve(ServiceEndpoints.Ingest, null, Variables(("services__ingest__http__0", "not a url")), File());
        Assert.Equal((new Uri("http://file:3"), EndpointSource.EndpointsFile), (malformed.Url, malformed.Source));
    }

    [Fact]
    public void The_endpoints_file_comes_before_the_defaults_which_are_the_launch_profile_ports()
    {
        Assert.Equal(FromFile, ServiceEndpoints.Resolve(ServiceEndpoints.Ingest, null, Variables(), File()).Url);
        var ingest = ServiceEndpoints.Resolve(ServiceEndpoints.Ingest, null, Variables(), null);
        var chainQuery = ServiceEndpoints.Resolve(ServiceEndpoints.ChainQuery, null, Variables(), null);
        Assert.Equal((new Uri("http://localhost:5080"), EndpointSource.Default), (ingest.Url, ingest.Source));
        Assert.Equal((new Uri("http://localhost:5090"), EndpointSource.Default), (chainQuery.Url, chainQuery.Source));
    }

    [Fact]
    public void An_endpoints_file_is_read_only_while_the_AppHost_that_wrote_it_runs()
    {
        var folder = Directory.CreateTempSubdirectory("endpoints-").FullName;
        var path = Path.Combine(folder, "endpoints.json");
        Assert.Null(EndpointsFile.TryRead(path));

        var file = new EndpointsFile(new Uri("http://localhost:1"), new Uri("http://localhost:2"), new Uri("http://localhost:3"), "test", Environment.ProcessId, DateTimeOffset.UtcNow);
        file.Write(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(path));
        Assert.Equal(file, EndpointsFile.TryRead(path));

        (file with { ProcessId = ExitedProcessId() }).Write(path);
        Assert.Null(EndpointsFile.TryRead(path));

        System.IO.File.WriteAllText(path, "{ not json");
        Assert.Null(EndpointsFile.TryRead(path));
    }

    [Fact]
    public async Task An_unreachable_service_is_exit_code_4_naming_the_url_and_that_it_came_from_the_command_line()
    {
        var url = ClosedPort();
        var result = await CliRun.WithFreshHome().RunAsync("balance", new string('a', 40), "--chainquery", url, "--json");
        Assert.True(result.ExitCode == ExitCodes.Unreachable, result.ToString());
        var error = result.Json().GetProperty("error");
        Assert.Equal("unreachable", error.GetProperty("code").GetString());
        Assert.Contains($"ChainQuery is unreachable at {url}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("from the command line", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Run_as_an_Aspire_resource_the_cli_takes_the_service_discovery_variable_unless_an_option_overrides_it()
    {
        var discovered = ClosedPort();
        var cli = CliRun.WithFreshHome(new Dictionary<string, string> { ["services__chainquery__http__0"] = discovered });
        var result = await cli.RunAsync("balance", new string('a', 40));
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"unreachable at {discovered}", result.Error, StringComparison.Ordinal);
        Assert.Contains("from services__chainquery__http__0", result.Error, StringComparison.Ordinal);

        var option = ClosedPort();
        var overridden = await cli.RunAsync("balance", new string('a', 40), "--chainquery", option);
        Assert.Contains($"unreachable at {option}", overridden.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_options_or_variables_the_cli_takes_the_running_AppHosts_endpoints_file()
    {
        var cli = CliRun.WithFreshHome();
        var chainQuery = ClosedPort();
        new EndpointsFile(new Uri(ClosedPort()), new Uri(chainQuery), null, "test", Environment.ProcessId, DateTimeOffset.UtcNow)
            .Write(Path.Combine(cli.Home, "endpoints.json"));
        var result = await cli.RunAsync("verify");
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"unreachable at {chainQuery}", result.Error, StringComparison.Ordinal);
        Assert.Contains("from the AppHost's endpoints.json", result.Error, StringComparison.Ordinal);
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static EndpointsFile File() => new(FromFile, FromFile, null, "dev", Environment.ProcessId, DateTimeOffset.UtcNow);

    private static string ClosedPort() => $"http://127.0.0.1:{FreePort.Next()}/";

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
