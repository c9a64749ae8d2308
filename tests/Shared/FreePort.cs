using System.Net;
using System.Net.Sockets;

namespace Dokuei.TestSupport;

/// <summary>
/// Loopback ports for servers that the tests start as child processes (dcmtk, Orthanc, dokuei), which bind the port
/// only after this process has released it. The port comes from below the kernel's ephemeral range, so the outgoing
/// connection of a test running in parallel cannot be given it in between (a port that bind(0) returns can); a counter
/// keeps this process's picks apart, and a start that depends on the process id keeps two test processes apart.
/// </summary>
public static class FreePort
{
    private const int RangeStart = 20000;
    private static readonly int RangeEnd = EphemeralStart();
    private static int _next = RangeStart + (Environment.ProcessId * 211 % Math.Max(1, RangeEnd - RangeStart));

    /// <summary>A loopback port that nobody listens on now and that no outgoing connection will be given.</summary>
    public static int Next()
    {
        for (var attempt = 0; RangeEnd > RangeStart && attempt < RangeEnd - RangeStart; attempt++)
        {
            var port = RangeStart + ((Interlocked.Increment(ref _next) - RangeStart) % (RangeEnd - RangeStart));
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken (or in a state that refuses a bind): the next one.
            }
        }

        // No range below the ephemeral one (an unusual kernel setting): the kernel's pick, with the small race.
        using var fallback = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        fallback.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)fallback.LocalEndPoint!).Port;
    }

    private static int EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768; // Linux's default
        }
    }
}
