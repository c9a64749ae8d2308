using System.Net;
using System.Net.Sockets;
using Dokuei.Dicom.Network.Pdus;

namespace Dokuei.Dicom.Tests.Network;

/// <summary>A misbehaving peer: a plain socket that sends whatever bytes a test gives it.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket _socket;

    private RawPeer(Socket socket) => _socket = socket;

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var peer = new RawPeer(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        await peer._socket.ConnectAsync(IPAddress.Loopback, port);
        return peer;
    }

    /// <summary>A peer on the acceptor's side: the next connection to <paramref name="listener"/>.</summary>
    public static async Task<RawPeer> AcceptAsync(TcpListener listener) => new(await listener.AcceptSocketAsync());

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    public void Close() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads until the server closes the connection (or 10 s pass); returns what arrived and whether it closed.</summary>
    public async Task<(byte[] Bytes, bool Closed)> ReadUntilClosedAsync()
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var count = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (count == 0)
                {
                    return ([.. received], true);
                }

                received.AddRange(buffer.AsSpan(0, count));
            }
        }
        catch (OperationCanceledException)
        {
            return ([.. received], false);
        }
        catch (SocketException)
        {
            return ([.. received], true);
        }
    }

    /// <summary>Reads one whole PDU.</summary>
    public async Task<byte[]> ReadPduAsync()
    {
        var header = new byte[6];
        await ReadExactlyAsync(header);
        var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        var body = new byte[length];
        await ReadExactlyAsync(body);
        return [.. header, .. body];
    }

    public static byte[] AssociateRequest(string called, params (byte Id, string AbstractSyntax)[] contexts)
    {
        var rq = new AAssociateRq { CallingAeTitle = "RAW", CalledAeTitle = called };
        foreach (var (id, syntax) in contexts)
        {
            rq.PresentationContexts.Add(new PresentationContextRq(id, syntax, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        }

        rq.UserInformation.MaximumLength = 16384;
        rq.UserInformation.ImplementationClassUid = "1.2.3";
        return PduTests.Whole(rq.Write);
    }

    public static byte[] PData(byte context, byte control, byte[] data)
    {
        var bytes = new byte[12 + data.Length];
        PDataTf.WriteSinglePdvHeader(bytes, data.Length, context, (control & 1) != 0, (control & 2) != 0);
        data.CopyTo(bytes, 12);
        return bytes;
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReadExactlyAsync(byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await _socket.ReceiveAsync(buffer.AsMemory(read), timeout.Token);
            if (count == 0)
            {
                throw new EndOfStreamException();
            }

            read += count;
        }
    }
}
