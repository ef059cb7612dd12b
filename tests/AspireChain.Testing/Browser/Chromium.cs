using System.Diagnostics;
using Microsoft.Playwright;

namespace AspireChain.Testing.Browser;

/// <summary>
/// Debian's chromium for browser tests, driven by Playwright (never a downloaded browser). On a machine without it the
/// first browser test installs it with apt-get when running as root, and otherwise fails with one line saying what to install.
/// </summary>
public static class Chromium
{
    /// <summary>Where Debian's package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>Headless flags for a sandboxed CI machine with no network beyond loopback.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    /// <summary>Installs the browser if it is missing and this process may (root with apt-get); throws with what to do otherwise.</summary>
    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        await InstallGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return;
            }

            if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (sudo apt-get install chromium) and run the tests again.");
            }

            // Test assemblies run in parallel processes: one installs, the others wait on the same file lock.
            await using var installLock = await AcquireAsync(Path.Combine(Path.GetTempPath(), "aspirechain-chromium-install.lock"), cancellationToken).ConfigureAwait(false);
            if (!File.Exists(ExecutablePath))
            {
                await RunAsync("apt-get", "update -qq", cancellationToken).ConfigureAwait(false);
                await RunAsync("apt-get", "install -y -qq --no-install-recommends chromium", cancellationToken).ConfigureAwait(false);
            }

            if (!File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException($"apt-get install chromium ran but {ExecutablePath} is still missing.");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>Launches headless chromium (installing it first if needed).</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        await EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args = [.. Arguments],
        }).ConfigureAwait(false);
    }

    private static async Task<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task RunAsync(string command, string arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
        }) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {arguments} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }
}
