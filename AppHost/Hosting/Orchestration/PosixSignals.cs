using System.Runtime.InteropServices;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>Sends SIGTERM, which .NET has no managed API for, so a child can shut down gracefully before we resort to SIGKILL.</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>True when the signal was delivered.</summary>
    public static bool TryTerminate(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
