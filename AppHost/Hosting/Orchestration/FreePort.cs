using System.Net;
using System.Net.Sockets;

namespace AspireChain.AppHost.Hosting.Orchestration;

/// <summary>Asks the OS for an unused loopback TCP port (bind to 0, read it back, release it).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
