using System.Net;
using Dokuei.Dicom.Network;

namespace Dokuei.Dicom.Tests.Network;

/// <summary>A DicomServer on a free loopback port, stopped when disposed.</summary>
internal static class LoopbackServer
{
    public static DicomServer Start(DicomServerHandlers handlers, DicomServerOptions? options = null) =>
        DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), options ?? new DicomServerOptions { AeTitle = "TEST-SCP" }, handlers);

    public static DicomClientOptions Client(string called = "TEST-SCP") => new() { CallingAeTitle = "TEST-SCU", CalledAeTitle = called };
}
