using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.Client.Profile;

/// <summary>
/// What a running AppHost tells the tools about itself in <c>~/.aspirechain/endpoints.json</c>: the proxied URLs of
/// ingest and ChainQuery, the dashboard's URL, the network and its chain id (a local file, so the CLI signs for that
/// network rather than for whatever a service answers), and its own process id (a file left by a killed AppHost names a
/// process that is gone, and is then ignored).
/// </summary>
public sealed record EndpointsFile(Uri? Ingest, Uri? ChainQuery, Uri? Dashboard, string? Network, int ProcessId, DateTimeOffset StartedAt, uint? ChainId = null)
{
    /// <summary>Reads the file; null when it is missing, unreadable, malformed or written by a process no longer running.</summary>
    public static EndpointsFile? TryRead(string path)
    {
        EndpointsFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize(stream, EndpointsFileJsonContext.Default.EndpointsFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }

        return file is not null && IsRunning(file.ProcessId) ? file : null;
    }

    /// <summary>Writes the file (owner-only permissions: it is nobody else's business which ports you run).</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, EndpointsFileJsonContext.Default.EndpointsFile);
        }

        // Readers never see half a file.
        File.Move(temporary, path, overwrite: true);
    }

    private static bool IsRunning(int processId)
    {
        if (processId <= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>Source-generated JSON of <see cref="EndpointsFile"/> (camelCase, indented: a person may read it).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(EndpointsFile))]
public sealed partial class EndpointsFileJsonContext : JsonSerializerContext;
