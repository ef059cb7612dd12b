using System.Net;
using System.Net.Sockets;
using AspireChain.AppHost.Hosting.Orchestration;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>Service ports are distinct, bindable, and outside the range outgoing connections draw from.</summary>
public sealed class FreePortTests
{
    [Fact]
    public void Ports_are_distinct_bindable_and_below_the_ephemeral_range()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        var ports = Enumerable.Range(0, 50).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port =>
        {
            Assert.InRange(port, 1024, ephemeralStart - 1);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        });
    }
}
