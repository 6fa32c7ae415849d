using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Caching.Benchmarks;

/// <summary>Free loopback ports and waiting for a server process the benchmarks started to listen on one.</summary>
internal static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Returns once <paramref name="port"/> accepts a connection; throws when the process exits or 10 s pass first.</summary>
    public static async Task WaitForListenerAsync(int port, Process process)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (attempt < 400 && !process.HasExited)
            {
                await Task.Delay(25);
            }
        }
    }
}
