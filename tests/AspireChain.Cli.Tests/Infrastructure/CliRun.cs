using System.Text.Json;
using AspireChain.Cli;

namespace AspireChain.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>aspirechain</c> in-process, as the process would (same parsing, same exit codes), with its own profile
/// folder, environment variables and captured output.
/// </summary>
public sealed class CliRun(string home, IReadOnlyDictionary<string, string>? variables = null)
{
    /// <summary>The profile folder (<c>ASPIRECHAIN_HOME</c>) of every run.</summary>
    public string Home { get; } = home;

    /// <summary>A run with a fresh temporary profile folder.</summary>
    public static CliRun WithFreshHome(IReadOnlyDictionary<string, string>? variables = null) =>
        new(Directory.CreateTempSubdirectory("aspirechain-cli-").FullName, variables);

    /// <summary>Runs one command line to its end.</summary>
    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    /// <summary>Runs one command line; cancelling <paramref name="cancellationToken"/> is Ctrl+C.</summary>
    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, Lookup);
        var exitCode = await CliApplication.RunAsync(args, environment, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    private string? Lookup(string name) =>
        name == Client.Profile.ProfileDirectory.HomeVariable ? Home
        : variables is not null && variables.TryGetValue(name, out var value) ? value
        : null;
}

/// <summary>How a run ended: exit code, standard output, standard error.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output as the one JSON document <c>--json</c> promises (fails the test if it is not exactly one).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    /// <summary>Standard output as JSON lines (<c>chain tail --json</c>).</summary>
    public IReadOnlyList<JsonElement> JsonLines() =>
        [.. Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        })];

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
