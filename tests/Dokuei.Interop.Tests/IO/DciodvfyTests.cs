using Dokuei.Dicom;
using Dokuei.Dicom.IO;
using Xunit.Abstractions;

namespace Dokuei.Interop.Tests.IO;

/// <summary>dicom3tools' dciodvfy, the IOD and encoding validator, on a CT Image we write.</summary>
public sealed class DciodvfyTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dokuei-dciodvfy-").FullName;

    public static TheoryData<string> TransferSyntaxes => new()
    {
        TransferSyntax.ImplicitVRLittleEndian.Uid,
        TransferSyntax.ExplicitVRLittleEndian.Uid,
        TransferSyntax.ExplicitVRBigEndian.Uid,

        // Not deflated: dciodvfy cannot read deflated data at all (it fails on pydicom's image_dfl.dcm the same way).
    };

    /// <summary>
    /// The synthetic CT fills every module the CT Image IOD makes mandatory, so dciodvfy has nothing to report about a
    /// missing attribute: any "Error" line is an error, whether of the IOD, of a value (VR, VM, character repertoire,
    /// the ISO 2022 escapes of the Japanese names) or of the encoding. Warnings are listed in the test output.
    /// </summary>
    [Theory]
    [MemberData(nameof(TransferSyntaxes))]
    public void Dciodvfy_finds_no_errors_in_a_complete_CT_image_we_write(string transferSyntaxUid)
    {
        var dciodvfy = PeerTools.Require("dciodvfy", "dicom3tools");
        var path = Path.Combine(_folder, "ct.dcm");
        DicomFileWriter.Write(SyntheticDatasets.CtImage(), path, TransferSyntax.Lookup(transferSyntaxUid));

        var result = PeerTools.Run(dciodvfy, [path]);
        var lines = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        Assert.Contains("CTImage", lines);
        var errors = lines.Where(l => l.Contains("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"dciodvfy: {string.Join("\n", errors)}");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
