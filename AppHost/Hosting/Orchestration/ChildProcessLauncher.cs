using System.Collections.Concurrent;
using System.Diagnostics;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>
/// Launches every child process from one dedicated, never-ending thread, through <c>setsid setpriv --pdeathsig KILL</c>.
/// Why: Linux delivers the parent-death signal when the *thread* that forked the child dies, so a thread-pool
/// thread would kill children at random; a thread that lives as long as the AppHost kills them exactly when the
/// AppHost dies, even by SIGKILL. <c>setsid</c> keeps the terminal's Ctrl+C away from children, so the AppHost
/// alone decides the shutdown order. Both exec the target, so the PID we track is the service's own.
/// </summary>
internal sealed class ChildProcessLauncher
{
    private const string SetPrivPath = "/usr/bin/setpriv";
    private const string SetSidPath = "/usr/bin/setsid";

    private readonly BlockingCollection<LaunchRequest> _requests = [];

    private ChildProcessLauncher()
    {
        var thread = new Thread(LaunchLoop) { IsBackground = true, Name = "AspireChain child-process launcher" };
        thread.Start();
    }

    /// <summary>The process-wide launcher (one thread for the life of the process).</summary>
    public static ChildProcessLauncher Shared { get; } = new();

    /// <summary>True when children are tied to this process's lifetime (setpriv present on Linux).</summary>
    public static bool TiesChildrenToParent { get; } = OperatingSystem.IsLinux() && File.Exists(SetPrivPath);

    private static bool DetachesFromTerminal { get; } = TiesChildrenToParent && File.Exists(SetSidPath);

    /// <summary>The <c>dotnet</c> host that runs this process, so children use the same runtime.</summary>
    public static string DotnetHostPath { get; } = ResolveDotnetHost();

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; output lines go to the callbacks.</summary>
    public Task<Process> StartAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        Action<string, bool> onOutputLine)
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = DetachesFromTerminal ? SetSidPath : TiesChildrenToParent ? SetPrivPath : fileName,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (DetachesFromTerminal)
        {
            startInfo.ArgumentList.Add(SetPrivPath);
        }

        if (TiesChildrenToParent)
        {
            foreach (var argument in (string[])["--pdeathsig", "KILL", "--", fileName])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var request = new LaunchRequest(startInfo, onOutputLine, new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously));
        _requests.Add(request);
        return request.Completion.Task;
    }

    private void LaunchLoop()
    {
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            var process = new Process { StartInfo = request.StartInfo, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { request.OnOutputLine(e.Data, false); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { request.OnOutputLine(e.Data, true); } };
            try
            {
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                request.Completion.SetResult(process);
            }
            catch (Exception e)
            {
                process.Dispose();
                request.Completion.SetException(e);
            }
        }
    }

    private static string ResolveDotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → <root>/dotnet
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtimeDirectory is not null)
        {
            var candidate = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "dotnet";
    }

    private sealed record LaunchRequest(ProcessStartInfo StartInfo, Action<string, bool> OnOutputLine, TaskCompletionSource<Process> Completion);
}
