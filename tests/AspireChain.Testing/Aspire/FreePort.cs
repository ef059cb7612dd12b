using System.Net;
using System.Net.Sockets;

namespace AspireChain.Testing.Aspire;

/// <summary>A loopback port nobody listens on right now, for endpoints a test must name before they start.</summary>
public static class FreePort
{
    /// <summary>Asks the kernel for an ephemeral port and releases it.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
