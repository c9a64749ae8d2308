using System.Globalization;
using System.Net;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Interop.Tests.Network;

public class EchoInteropTests
{
    [Fact]
    public async Task Echoscu_verifies_our_server()
    {
        await using var server = DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "DOKUEI" }, new DicomServerHandlers());
        var result = await DcmtkPeer.RunAsync("echoscu", "-aet", "ECHOSCU", "-aec", "DOKUEI", "--repeat", "3", "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task Echoscu_with_a_wrong_called_AE_title_is_rejected()
    {
        await using var server = DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "DOKUEI" }, new DicomServerHandlers());
        var result = await DcmtkPeer.RunAsync("echoscu", "-aec", "SOMEONE", "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", result.StandardError + result.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Our_echo_verifies_storescp()
    {
        var port = FreePort.Next();
        await using var storescp = await DcmtkPeer.StartServerAsync("storescp", port, "-aet", "STORESCP", port.ToString(CultureInfo.InvariantCulture));
        var options = new DicomClientOptions { CallingAeTitle = "DOKUEI", CalledAeTitle = "STORESCP" };
        await using var client = await DicomClient.ConnectForEchoAsync("127.0.0.1", port, options);
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());
        await client.ReleaseAsync();
    }
}
