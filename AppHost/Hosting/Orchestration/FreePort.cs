using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>
/// Picks an unused loopback TCP port for a service to listen on later. Ports come from below the kernel's ephemeral
/// range: an ephemeral port that is free now can be taken by any outgoing connection (Kafka clients open many) before
/// the service binds it, a port below the range can only be taken by another listener.
/// </summary>
internal static class FreePort
{
    private static readonly HashSet<int> Handed = [];
    private static readonly Lock Gate = new();

    public static int Next()
    {
        var (low, high) = Range();
        lock (Gate)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(low, high);
                if (!Handed.Contains(port) && IsFree(port))
                {
                    Handed.Add(port);
                    return port;
                }
            }
        }

        return BindAny();
    }

    private static (int Low, int High) Range()
    {
        // Default Linux ephemeral range starts at 32768; stay under whatever this machine uses.
        var ephemeralStart = 32768;
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            ephemeralStart = int.Parse(text[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or unreadable: keep the default.
        }

        return ephemeralStart > 12000 ? (10000, ephemeralStart - 1) : (ephemeralStart, 65535);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int BindAny()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
