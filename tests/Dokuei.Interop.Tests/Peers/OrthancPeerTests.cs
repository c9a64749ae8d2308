using System.Globalization;

namespace Dokuei.Interop.Tests.Peers;

/// <summary>The Orthanc peer that archive and networking tests compare against starts, stays on loopback, and talks DICOM.</summary>
public sealed class OrthancPeerTests : IAsyncLifetime
{
    private OrthancPeer _orthanc = null!;

    public async Task InitializeAsync() => _orthanc = await OrthancPeer.StartAsync();

    public async Task DisposeAsync() => await _orthanc.DisposeAsync();

    [Fact]
    public void Orthanc_listens_on_the_loopback_address_only()
    {
        foreach (var port in new[] { _orthanc.HttpPort, _orthanc.DicomPort })
        {
            var addresses = ListeningAddresses(port);
            Assert.NotEmpty(addresses);
            Assert.All(addresses, a => Assert.True(a is "0100007F" or "00000000000000000000000001000000", $"port {port} listens on {a}"));
        }
    }

    [Fact]
    public async Task Orthanc_answers_dcmtk_echo_and_stores_what_storescu_sends()
    {
        var file = Path.Combine(PeerTools.PydicomDataDirectory, "test_files", "CT_small.dcm");
        var port = _orthanc.DicomPort.ToString(CultureInfo.InvariantCulture);

        var echo = PeerTools.Run(PeerTools.Require("echoscu", "dcmtk"), ["-aec", OrthancPeer.AeTitle, "127.0.0.1", port]);
        var store = PeerTools.Run(PeerTools.Require("storescu", "dcmtk"), ["-aec", OrthancPeer.AeTitle, "127.0.0.1", port, file]);

        Assert.True(echo.ExitCode == 0, echo.StandardError + _orthanc.Log);
        Assert.True(store.ExitCode == 0, store.StandardError + _orthanc.Log);
        Assert.Equal(1, await _orthanc.CountInstancesAsync());
    }

    /// <summary>Local addresses (hex, as the kernel prints them) of sockets listening on a TCP port.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        var result = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] == "0A" && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    result.Add(local[0]);
                }
            }
        }

        return result;
    }
}
